package io.jvirt.api;

/**
 * One DHCP lease handed out on a virtual network ({@code net-dhcp-leases}, {@code domifaddr}).
 *
 * @param network the network name
 * @param bridge the network's bridge
 * @param expiryEpochSeconds when the lease ends (seconds since the epoch; 0 = never)
 * @param mac the client's MAC address, or null for DHCPv6
 * @param type "ipv4" or "ipv6"
 * @param address the leased address with the subnet's prefix, such as 192.168.122.45/24
 * @param hostname the name the client sent, or null
 * @param clientId the client id (DHCPv4) or IAID (DHCPv6), or null
 */
public record DhcpLease(String network, String bridge, long expiryEpochSeconds, String mac, String type,
                        String address, String hostname, String clientId) {
}
