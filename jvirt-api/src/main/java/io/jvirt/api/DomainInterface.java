package io.jvirt.api;

import java.util.List;

/**
 * One guest network card, as {@code domiflist} and {@code domifaddr} show it.
 *
 * @param device the host-side device (tap), or null when the domain is not running or uses user-mode networking
 * @param type the interface type: network, bridge or user
 * @param source the network or bridge name, or null for user
 * @param model the emulated card, such as virtio
 * @param mac the MAC address
 * @param linkUp false when the link was set down ({@code domif-setlink})
 * @param addresses the guest's addresses known from DHCP leases, in CIDR form (domifaddr only)
 */
public record DomainInterface(String device, String type, String source, String model, String mac, boolean linkUp,
                              List<String> addresses) {
}
