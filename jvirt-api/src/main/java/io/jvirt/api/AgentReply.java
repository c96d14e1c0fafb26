package io.jvirt.api;

/**
 * What the guest agent answered to a user's command ({@code qemu-agent-command}): the agent's
 * whole answer as compact JSON text, or null when the command was sent without waiting
 * ({@code --async}).
 */
public record AgentReply(String reply) {
}
