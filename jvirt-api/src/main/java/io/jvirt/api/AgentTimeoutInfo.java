package io.jvirt.api;

/**
 * A domain's guest agent timeout ({@code guest-agent-timeout}).
 *
 * @param domain the domain as the request named it
 * @param timeout libvirt's value: -2 as long as it takes, -1 the default of 5 s, 0 no wait, or
 *     seconds; null while jvirt's own wait applies (nothing was set)
 */
public record AgentTimeoutInfo(String domain, Integer timeout) {
}
