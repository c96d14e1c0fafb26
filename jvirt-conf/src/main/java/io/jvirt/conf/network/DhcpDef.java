package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code <dhcp>} block of one {@code <ip>}: dynamic ranges, static hosts and BOOTP. The
 * enclosing {@link IpDef} checks that every address lies in its subnet.
 *
 * @param ranges the dynamic address pools, in document order
 * @param hosts the static hosts, in document order; no MAC, id, name or address appears twice
 * @param bootp the network boot settings (IPv4 only), or null
 */
public record DhcpDef(List<DhcpRange> ranges, List<DhcpHost> hosts, Bootp bootp) {

    /** Checks that no host identity or address is used twice. */
    public DhcpDef {
        ranges = ConfChecks.list(ranges);
        hosts = ConfChecks.list(hosts);
        Map<String, Boolean> seen = new HashMap<>();
        for (DhcpHost h : hosts) {
            unique(seen, "mac", h.mac(), "MAC address");
            unique(seen, "id", h.id(), "client id");
            unique(seen, "name", h.name() == null ? null : h.name().toLowerCase(Locale.ROOT), "name");
            unique(seen, "ip", h.ip() == null ? null : h.ip().toString(), "address");
        }
    }

    private static void unique(Map<String, Boolean> seen, String key, String value, String what) {
        if (value != null && seen.put(key + "=" + value, Boolean.TRUE) != null) {
            throw new ConfException(Kind.DUPLICATE,
                    "The DHCP host " + what + " " + value + " is used by more than one host.");
        }
    }

    /** Returns whether the block is empty. */
    boolean isEmpty() {
        return ranges.isEmpty() && hosts.isEmpty() && bootp == null;
    }

    /**
     * Returns a copy with other hosts.
     *
     * @param newHosts the hosts
     * @return the copy
     */
    public DhcpDef withHosts(List<DhcpHost> newHosts) {
        return new DhcpDef(ranges, newHosts, bootp);
    }

    /**
     * A {@code <range>}: an inclusive pool of addresses handed out dynamically.
     *
     * @param start the first address
     * @param end the last address, of the same family and not before {@code start}
     * @param lease the lease time for the pool, or null for the server default
     */
    public record DhcpRange(IpAddress start, IpAddress end, LeaseDef lease) {

        /** Checks the family and order. */
        public DhcpRange {
            ConfChecks.required(start, "The DHCP range start");
            ConfChecks.required(end, "The DHCP range end");
            if (start.family() != end.family()) {
                throw new ConfException(Kind.INVALID_VALUE, "The DHCP range " + start + " to " + end
                        + " mixes IPv4 and IPv6.");
            }
            if (start.compareTo(end) > 0) {
                throw new ConfException(Kind.INVALID_VALUE, "The DHCP range " + start + " to " + end
                        + " is reversed; its start must not come after its end.");
            }
        }
    }

    /**
     * A static DHCP {@code <host>}. In a definition an IPv4 host has an address and a MAC or
     * a name, and an IPv6 host an address and an id or a name (no MAC); as a pattern for
     * {@link NetworkDef#withoutDhcpHost(DhcpHost)} any one field is enough.
     *
     * @param mac the client's MAC address in lower case (IPv4 only), or null
     * @param id the DHCPv6 client DUID as colon-separated hex bytes (IPv6 only), or null
     * @param name the host name given to the client, or null
     * @param ip the fixed address, or null in a pattern
     * @param lease the lease time for this host, or null for the server default
     */
    public record DhcpHost(String mac, String id, String name, IpAddress ip, LeaseDef lease) {

        private static final Pattern DUID = Pattern.compile("[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2}){0,127}");

        /** Checks each given field. */
        public DhcpHost {
            if (mac == null && id == null && name == null && ip == null) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "A DHCP <host> needs at least one of 'mac', 'id', 'name' and 'ip'.");
            }
            mac = mac == null ? null : ConfChecks.unicastMac(mac);
            if (id != null && !DUID.matcher(id).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The DHCP client id '" + ConfChecks.printable(id)
                        + "' is not valid; write hex bytes separated by colons, such as 00:01:00:01:2c:3b:4d:5e.");
            }
            ConfChecks.dnsName(name, "The DHCP host name");
            if (mac != null && ip != null && ip.isIpv6()) {
                throw new ConfException(Kind.CONFLICT, "The IPv6 DHCP host " + ip
                        + " cannot have a MAC address; identify it by 'id' or 'name'.");
            }
            if (id != null && ip != null && ip.isIpv4()) {
                throw new ConfException(Kind.CONFLICT, "The IPv4 DHCP host " + ip
                        + " cannot have a client 'id'; identify it by 'mac' or 'name'.");
            }
        }

        /**
         * Returns whether this host fits a pattern: every field the pattern gives is equal here
         * (names compared without case).
         *
         * @param pattern the pattern
         * @return whether it matches
         */
        public boolean matches(DhcpHost pattern) {
            return (pattern.mac() == null || pattern.mac().equals(mac))
                    && (pattern.id() == null || pattern.id().equalsIgnoreCase(String.valueOf(id)))
                    && (pattern.name() == null || pattern.name().equalsIgnoreCase(String.valueOf(name)))
                    && (pattern.ip() == null || pattern.ip().equals(ip));
        }

        /** Returns the host as a short phrase for messages, such as "52:54:00:00:00:01 (192.168.122.5)". */
        String describe() {
            String who = mac != null ? mac : id != null ? id : name != null ? name : String.valueOf(ip);
            return ip == null || who.equals(String.valueOf(ip)) ? who : who + " (" + ip + ")";
        }
    }

    /**
     * A {@code <lease>}: how long an address is leased.
     *
     * @param expiry the lease time in {@code unit}, or 0 for leases that never expire
     * @param unit the unit of {@code expiry}
     */
    public record LeaseDef(long expiry, LeaseUnit unit) {

        /** Largest accepted {@code expiry}. */
        public static final long MAX_EXPIRY = 0xffffffffL;

        /** Checks the range: 0, or at least two minutes. */
        public LeaseDef {
            ConfChecks.required(unit, "The lease time unit");
            if (expiry < 0 || expiry > MAX_EXPIRY) {
                throw new ConfException(Kind.INVALID_VALUE, "The lease time " + expiry
                        + " is out of range; it must be from 0 to " + MAX_EXPIRY + ".");
            }
            if (expiry != 0 && expiry * unit.seconds() < 120) {
                throw new ConfException(Kind.INVALID_VALUE, "The lease time " + expiry + " " + unit.xml()
                        + " is too short; it must be at least 2 minutes, or 0 for leases that never expire.");
            }
        }

        /** Returns whether leases never expire. */
        public boolean infinite() {
            return expiry == 0;
        }

        /** Returns the lease time in seconds, or 0 for leases that never expire. */
        public long seconds() {
            return expiry * unit.seconds();
        }
    }

    /** The {@code unit} attribute of {@code <lease>}. */
    public enum LeaseUnit implements XmlEnum {
        /** Seconds. */
        SECONDS("seconds", 1),
        /** Minutes, the default. */
        MINUTES("minutes", 60),
        /** Hours. */
        HOURS("hours", 3600);

        private final String xml;
        private final long seconds;

        LeaseUnit(String xml, long seconds) {
            this.xml = xml;
            this.seconds = seconds;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns the length of one unit in seconds. */
        public long seconds() {
            return seconds;
        }
    }

    /**
     * The {@code <bootp>} element: the boot file announced to clients.
     *
     * @param file the boot file name; no commas or control characters
     * @param server the IPv4 address of the TFTP server, or null for this network's host
     */
    public record Bootp(String file, IpAddress server) {

        /** Checks the file name and the server family. */
        public Bootp {
            ConfChecks.required(file, "The BOOTP 'file'");
            if (file.isEmpty() || file.indexOf(',') >= 0 || file.chars().anyMatch(Character::isISOControl)) {
                throw new ConfException(Kind.INVALID_VALUE, "The BOOTP file '" + ConfChecks.printable(file)
                        + "' is not valid; it must not be empty or contain commas or control characters.");
            }
            if (server != null && !server.isIpv4()) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "The BOOTP server " + server + " must be an IPv4 address.");
            }
        }
    }
}
