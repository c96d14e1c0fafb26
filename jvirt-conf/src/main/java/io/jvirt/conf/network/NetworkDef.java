package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.common.IpFamily;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.xml.XmlReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A validated, immutable virtual network definition: the model of a libvirt {@code <network>}
 * document. Parse and format it with {@link NetworkXml}; the copy methods ({@code with...})
 * return new definitions, validated again.
 *
 * @param name the unique network name
 * @param uuid the unique network id
 * @param title a one-line title, or null
 * @param description a free-form description, or null
 * @param metadata the children of {@code <metadata>} as canonical XML, or null
 * @param connections the number of guest interfaces attached ({@code connections}, live XML only), or null
 * @param ipv6 whether guests may talk IPv6 to each other without an IPv6 address on the bridge ({@code ipv6='yes'})
 * @param forward how the network reaches the outside; {@link ForwardDef.Isolated} without {@code <forward>}
 * @param bridge the bridge; always present for a network that owns its bridge (nat, route, open,
 *     isolated), with {@code stp} and {@code delay} filled in; null or name-only in bridge mode
 * @param mtu the MTU of the bridge and its tap devices, or null for the default
 * @param mac the bridge's MAC address in lower case, or null
 * @param domain the DNS domain, or null
 * @param dns the DNS server settings, or null for the defaults
 * @param vlan the network-wide VLAN setting, or null
 * @param bandwidth the limits for the network as a whole, or null
 * @param ips the bridge's addresses with their subnets and DHCP, in document order
 * @param portgroups the port groups, in document order
 */
public record NetworkDef(String name, UUID uuid, String title, String description, String metadata,
                         Integer connections, boolean ipv6, ForwardDef forward, BridgeDef bridge, Integer mtu,
                         String mac, DnsDomainDef domain, DnsDef dns, VlanDef vlan, BandwidthDef bandwidth,
                         List<IpDef> ips, List<PortgroupDef> portgroups) {

    /** Longest accepted network name. */
    public static final int MAX_NAME_LENGTH = 200;

    /** Validates the definition as a whole and fills in the bridge defaults. */
    public NetworkDef {
        validateName(name);
        ConfChecks.required(uuid, "The network UUID");
        if (title != null && (title.contains("\n") || title.contains("\r"))) {
            throw new ConfException(Kind.INVALID_VALUE, "The network title must be a single line.");
        }
        ConfChecks.noControl(title, "The network title");
        ConfChecks.noControl(description, "The network description");
        if (metadata != null) {
            try {
                XmlReader.read("<metadata>" + metadata + "</metadata>");
            } catch (ConfException e) {
                throw new ConfException(Kind.INVALID_VALUE, "The network metadata is not well-formed XML.");
            }
        }
        ConfChecks.range(connections, 0, Integer.MAX_VALUE, "The connection count");
        forward = forward == null ? new ForwardDef.Isolated() : forward;
        ConfChecks.range(mtu, 68, 65535, "The network MTU");
        mac = mac == null ? null : ConfChecks.unicastMac(mac);
        ips = ConfChecks.list(ips);
        portgroups = ConfChecks.list(portgroups);
        if (dns != null && dns.isEmpty()) {
            dns = null;
        }
        ForwardMode mode = forward.mode();
        if (mode.ownsBridge()) {
            bridge = bridge == null ? new BridgeDef(null, true, 0, null) : new BridgeDef(bridge.name(),
                    bridge.stp() == null ? Boolean.TRUE : bridge.stp(), bridge.delay() == null ? 0 : bridge.delay(),
                    bridge.macTableManager());
        } else {
            checkBridgeMode((ForwardDef.Bridge) forward, bridge, mtu, mac, domain, dns, ips);
        }
        if ((mode == ForwardMode.NAT || mode == ForwardMode.ROUTE || mode == ForwardMode.OPEN) && ips.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "A network with forward mode '" + mode.label()
                    + "' needs at least one <ip> address.");
        }
        checkIps(ips);
        if (bandwidth != null && bandwidth.hasFloor()) {
            throw new ConfException(Kind.CONFLICT, "A bandwidth 'floor' is not supported on a network; remove it.");
        }
        checkPortgroups(portgroups);
    }

    private static void checkBridgeMode(ForwardDef.Bridge forward, BridgeDef bridge, Integer mtu, String mac,
                                        DnsDomainDef domain, DnsDef dns, List<IpDef> ips) {
        boolean pool = !forward.interfaces().isEmpty();
        boolean named = bridge != null && bridge.name() != null;
        if (pool == named) {
            throw new ConfException(pool ? Kind.CONFLICT : Kind.MISSING_VALUE, "A network with forward mode "
                    + "'bridge' needs either a <bridge name> or <forward> <interface> elements, "
                    + (pool ? "not both." : "and has neither."));
        }
        if (bridge != null && (bridge.stp() != null || bridge.delay() != null)) {
            throw new ConfException(Kind.CONFLICT, "The bridge 'stp' and 'delay' settings are allowed only for a "
                    + "network that owns its bridge, not in forward mode 'bridge'.");
        }
        String extra = !ips.isEmpty() ? "<ip>" : dns != null ? "<dns>" : domain != null ? "<domain>"
                : mac != null ? "<mac>" : mtu != null ? "<mtu>" : null;
        if (extra != null) {
            throw new ConfException(Kind.CONFLICT, "A network with forward mode 'bridge' cannot have " + extra
                    + "; the host gives such a network no addresses or services.");
        }
    }

    private static void checkIps(List<IpDef> ips) {
        Set<IpAddress> addresses = new HashSet<>();
        Set<IpFamily> dhcpFamilies = new HashSet<>();
        int tftp = 0;
        for (IpDef ip : ips) {
            if (!addresses.add(ip.address())) {
                throw new ConfException(Kind.DUPLICATE, "The address " + ip.address() + " is listed more than once.");
            }
            if (ip.dhcp() != null && !dhcpFamilies.add(ip.family())) {
                throw new ConfException(Kind.DUPLICATE, "Only one " + (ip.family() == IpFamily.IPV4 ? "IPv4" : "IPv6")
                        + " <ip> may have a <dhcp> block.");
            }
            if (ip.tftpRoot() != null && ++tftp > 1) {
                throw new ConfException(Kind.DUPLICATE, "Only one <ip> may have a <tftp> element.");
            }
        }
    }

    private static void checkPortgroups(List<PortgroupDef> portgroups) {
        Set<String> names = new HashSet<>();
        int defaults = 0;
        for (PortgroupDef pg : portgroups) {
            if (!names.add(pg.name())) {
                throw new ConfException(Kind.DUPLICATE,
                        "The port group '" + pg.name() + "' is defined more than once.");
            }
            if (pg.isDefault() && ++defaults > 1) {
                throw new ConfException(Kind.DUPLICATE, "Only one port group may be the default; '" + pg.name()
                        + "' is the second.");
            }
        }
    }

    /**
     * Checks a network name: 1 to 200 characters, no '/', no control characters, not '.' or '..'.
     *
     * @param name the name
     * @throws ConfException when the name is not acceptable
     */
    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "The network name must not be empty.");
        }
        String shown = ConfChecks.printable(name);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new ConfException(Kind.INVALID_VALUE, "The network name is " + name.length()
                    + " characters long; at most " + MAX_NAME_LENGTH + " are allowed.");
        }
        if (name.contains("/")) {
            throw new ConfException(Kind.INVALID_VALUE, "The network name '" + shown + "' must not contain '/'.");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new ConfException(Kind.INVALID_VALUE, "The network name '" + name + "' is not allowed.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The network name '" + shown + "' must not contain control characters.");
        }
    }

    /** Returns the forward mode, {@link ForwardMode#ISOLATED} without {@code <forward>}. */
    public ForwardMode forwardMode() {
        return forward.mode();
    }

    /** Returns the bridge interface name, or null when none is named (yet). */
    public String bridgeName() {
        return bridge == null ? null : bridge.name();
    }

    /**
     * Returns the IPv4 {@code <ip>} that serves DHCP, else the first IPv4 {@code <ip>}.
     *
     * @return the address definition, or null when the network has no IPv4 address
     */
    public IpDef ipv4() {
        IpDef dhcp = dhcpIp(IpFamily.IPV4);
        if (dhcp != null) {
            return dhcp;
        }
        List<IpDef> all = ipv4Addresses();
        return all.isEmpty() ? null : all.getFirst();
    }

    /** Returns the IPv4 {@code <ip>} elements in document order. */
    public List<IpDef> ipv4Addresses() {
        return ips.stream().filter(i -> i.family() == IpFamily.IPV4).toList();
    }

    /** Returns the IPv6 {@code <ip>} elements in document order. */
    public List<IpDef> ipv6Addresses() {
        return ips.stream().filter(i -> i.family() == IpFamily.IPV6).toList();
    }

    /**
     * Returns the {@code <ip>} of a family that has a {@code <dhcp>} block (there is at most one).
     *
     * @param family the family
     * @return the address definition, or null
     */
    public IpDef dhcpIp(IpFamily family) {
        for (IpDef ip : ips) {
            if (ip.family() == family && ip.dhcp() != null) {
                return ip;
            }
        }
        return null;
    }

    /**
     * Returns whether the network's DNS server runs: it is not disabled with
     * {@code <dns enable='no'>}, and the network owns its bridge and has an address to listen on.
     */
    public boolean dnsEnabled() {
        return forward.mode().ownsBridge() && !ips.isEmpty() && (dns == null || dns.enabled());
    }

    /**
     * Looks up a port group.
     *
     * @param groupName the name
     * @return the group, or null when there is none of that name
     */
    public PortgroupDef portgroup(String groupName) {
        for (PortgroupDef pg : portgroups) {
            if (pg.name().equals(groupName)) {
                return pg;
            }
        }
        return null;
    }

    /** Returns the port group marked {@code default='yes'}, or null. */
    public PortgroupDef defaultPortgroup() {
        for (PortgroupDef pg : portgroups) {
            if (pg.isDefault()) {
                return pg;
            }
        }
        return null;
    }

    /**
     * Returns the port group an interface uses: the named one, or the default one when the
     * interface names none.
     *
     * @param groupName the interface's {@code <source portgroup>}, or null
     * @return the group, or null when the name is null and there is no default
     * @throws ConfException of kind {@code NOT_FOUND} when a named group does not exist
     */
    public PortgroupDef portgroupFor(String groupName) {
        if (groupName == null) {
            return defaultPortgroup();
        }
        PortgroupDef pg = portgroup(groupName);
        if (pg == null) {
            throw new ConfException(Kind.NOT_FOUND,
                    "The network '" + name + "' has no port group '" + groupName + "'.");
        }
        return pg;
    }

    /**
     * Returns a copy with another UUID.
     *
     * @param newUuid the UUID
     * @return the copy
     */
    public NetworkDef withUuid(UUID newUuid) {
        return new NetworkDef(name, newUuid, title, description, metadata, connections, ipv6, forward, bridge, mtu,
                mac, domain, dns, vlan, bandwidth, ips, portgroups);
    }

    /**
     * Returns a copy with the bridge named, as the daemon does for a network defined without
     * a bridge name; other bridge settings are kept.
     *
     * @param bridgeName the interface name
     * @return the copy
     */
    public NetworkDef withBridgeName(String bridgeName) {
        BridgeDef b = bridge == null ? new BridgeDef(bridgeName, null, null, null) : bridge.withName(bridgeName);
        return new NetworkDef(name, uuid, title, description, metadata, connections, ipv6, forward, b, mtu, mac,
                domain, dns, vlan, bandwidth, ips, portgroups);
    }

    /**
     * Returns a copy with another bridge MAC address, as the daemon does for a network defined without one.
     *
     * @param newMac the MAC address, or null
     * @return the copy
     */
    public NetworkDef withMac(String newMac) {
        return new NetworkDef(name, uuid, title, description, metadata, connections, ipv6, forward, bridge, mtu,
                newMac, domain, dns, vlan, bandwidth, ips, portgroups);
    }

    /**
     * Returns a copy with another connection count, for live XML.
     *
     * @param count the number of attached guest interfaces, or null to leave it out
     * @return the copy
     */
    public NetworkDef withConnections(Integer count) {
        return new NetworkDef(name, uuid, title, description, metadata, count, ipv6, forward, bridge, mtu, mac,
                domain, dns, vlan, bandwidth, ips, portgroups);
    }

    /**
     * Returns a copy with other {@code <ip>} elements.
     *
     * @param newIps the address definitions
     * @return the copy
     */
    public NetworkDef withIps(List<IpDef> newIps) {
        return new NetworkDef(name, uuid, title, description, metadata, connections, ipv6, forward, bridge, mtu,
                mac, domain, dns, vlan, bandwidth, newIps, portgroups);
    }

    /**
     * Returns a copy with other DNS settings.
     *
     * @param newDns the settings, or null
     * @return the copy
     */
    public NetworkDef withDns(DnsDef newDns) {
        return new NetworkDef(name, uuid, title, description, metadata, connections, ipv6, forward, bridge, mtu,
                mac, domain, newDns, vlan, bandwidth, ips, portgroups);
    }

    /**
     * Returns a copy with a static DHCP host added to the {@code <dhcp>} block of the host
     * address's family, as {@code net-update add ip-dhcp-host} does.
     *
     * @param host the host, with an address
     * @return the copy
     * @throws ConfException of kind {@code DUPLICATE} when a host with the same MAC, id, name or
     *     address exists; {@code CONFLICT} when the network has no DHCP block of that family;
     *     {@code INVALID_VALUE} when the address is outside the subnet
     */
    public NetworkDef withDhcpHost(DhcpDef.DhcpHost host) {
        return NetworkUpdates.addDhcpHost(this, host);
    }

    /**
     * Returns a copy without the static DHCP host that fits a pattern (every field the
     * pattern gives must be equal), as {@code net-update delete ip-dhcp-host} does.
     *
     * @param pattern the fields to match, such as only a MAC address
     * @return the copy
     * @throws ConfException of kind {@code NOT_FOUND} when no host fits
     */
    public NetworkDef withoutDhcpHost(DhcpDef.DhcpHost pattern) {
        return NetworkUpdates.removeDhcpHost(this, pattern);
    }

    /**
     * Returns a copy with a DNS host added, as {@code net-update add dns-host} does.
     *
     * @param host the host, with an address and at least one name
     * @return the copy
     * @throws ConfException of kind {@code DUPLICATE} when a host has the same address or one of
     *     the names; {@code CONFLICT} when DNS is disabled
     */
    public NetworkDef withDnsHost(DnsDef.DnsHost host) {
        return NetworkUpdates.addDnsHost(this, host);
    }

    /**
     * Returns a copy without the DNS host that fits a pattern (the pattern's address, if given,
     * and each of its names), as {@code net-update delete dns-host} does.
     *
     * @param pattern the address and/or names to match
     * @return the copy
     * @throws ConfException of kind {@code NOT_FOUND} when no host fits
     */
    public NetworkDef withoutDnsHost(DnsDef.DnsHost pattern) {
        return NetworkUpdates.removeDnsHost(this, pattern);
    }
}
