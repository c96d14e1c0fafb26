/**
 * The libvirt {@code <network>} model: {@link io.jvirt.conf.network.NetworkXml} parses and
 * formats, {@link io.jvirt.conf.network.NetworkDef} is the validated immutable record tree.
 *
 * <p>Supported: {@code <network connections ipv6>}; name, uuid, title, description,
 * metadata (kept verbatim); {@code <forward>} in modes nat (with dev and {@code <nat ipv6>}
 * with one {@code <address start end>} and one {@code <port start end>}), route (with dev),
 * open, and bridge (an existing bridge, or a macvtap pool of {@code <interface dev>}); no
 * {@code <forward>} means isolated; {@code <bridge name stp delay macTableManager>};
 * {@code <mtu size>}; {@code <mac address>}; {@code <domain name localOnly>};
 * {@code <dns enable forwardPlainNames>} with forwarder, txt, srv and host records;
 * {@code <vlan>} and {@code <bandwidth>} (also inside {@code <portgroup name default>});
 * and any number of {@code <ip address netmask|prefix family localPtr>} with {@code <tftp root>}
 * and {@code <dhcp>} (ranges and static hosts, each with an optional {@code <lease expiry unit>},
 * and {@code <bootp file server>}). Anything else (routes, virtualport, port isolation,
 * dnsmasq options, the forward modes private, vepa, passthrough and hostdev) is refused with
 * the element or attribute and its line.
 *
 * <p>Parsing fills in what libvirt fills in, so formatting shows it: a missing UUID (random,
 * version 4), {@code <forward>} without a mode as nat, and for a network that owns its bridge
 * (nat, route, open, isolated) a {@code <bridge>} with stp on and delay 0. A missing bridge name
 * and bridge MAC are left for the daemon to assign ({@link io.jvirt.conf.network.NetworkDef#withBridgeName},
 * {@link io.jvirt.conf.network.NetworkDef#withMac}). Formatting normalizes: canonical IP
 * literals, {@code family} written only for IPv6, a lease {@code unit} always written,
 * {@code trunk='yes'} on any VLAN trunk, and empty {@code <dns/>}, {@code <dhcp/>},
 * {@code <nat/>} and {@code <bandwidth/>} left out.
 */
package io.jvirt.conf.network;
