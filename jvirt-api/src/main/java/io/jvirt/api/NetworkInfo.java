package io.jvirt.api;

/**
 * What {@code net-list} and {@code net-info} show about one virtual network.
 *
 * @param name the network name
 * @param uuid its UUID
 * @param active true while it runs (bridge up, firewall rules and dnsmasq in place)
 * @param persistent true when it has a stored definition, false for a transient network
 * @param autostart true when it starts with the daemon
 * @param bridge the bridge device, or null before a first start assigned one
 * @param forward the forward mode: nat, route, open, bridge or none (isolated)
 * @param subnets the IPv4/IPv6 subnets in CIDR form, such as 192.168.122.1/24
 * @param dnsmasqPid the dnsmasq serving DHCP/DNS while active, or 0
 * @param warnings what on the host may keep the active network from working (a foreign
 *     firewall chain that drops its traffic), as whole sentences with a fix; empty when none
 */
public record NetworkInfo(String name, String uuid, boolean active, boolean persistent, boolean autostart,
                          String bridge, String forward, java.util.List<String> subnets, long dnsmasqPid,
                          java.util.List<String> warnings) {
}
