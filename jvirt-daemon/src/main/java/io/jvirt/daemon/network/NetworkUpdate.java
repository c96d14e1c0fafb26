package io.jvirt.daemon.network;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.network.DhcpDef;
import io.jvirt.conf.network.DnsDef;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.NetworkXml;
import io.jvirt.daemon.DaemonException;

/**
 * One {@code net-update} change, parsed from virsh's words: a command (add, add-first,
 * add-last, delete, modify) on a section (ip-dhcp-host, dns-host) with the element's XML.
 */
sealed interface NetworkUpdate {

    /** Applies the change to a definition. */
    NetworkDef apply(NetworkDef def);

    /** Adds a static DHCP host. */
    record AddDhcpHost(DhcpDef.DhcpHost host) implements NetworkUpdate {
        @Override
        public NetworkDef apply(NetworkDef def) {
            return def.withDhcpHost(host);
        }
    }

    /** Deletes the static DHCP host that fits. */
    record DeleteDhcpHost(DhcpDef.DhcpHost pattern) implements NetworkUpdate {
        @Override
        public NetworkDef apply(NetworkDef def) {
            return def.withoutDhcpHost(pattern);
        }
    }

    /** Replaces the static DHCP host with the same MAC (or id, or name). */
    record ModifyDhcpHost(DhcpDef.DhcpHost host) implements NetworkUpdate {
        @Override
        public NetworkDef apply(NetworkDef def) {
            DhcpDef.DhcpHost key = new DhcpDef.DhcpHost(host.mac(), host.mac() == null ? host.id() : null,
                    host.mac() == null && host.id() == null ? host.name() : null, null, null);
            return def.withoutDhcpHost(key).withDhcpHost(host);
        }
    }

    /** Adds a DNS host. */
    record AddDnsHost(DnsDef.DnsHost host) implements NetworkUpdate {
        @Override
        public NetworkDef apply(NetworkDef def) {
            return def.withDnsHost(host);
        }
    }

    /** Deletes the DNS host that fits. */
    record DeleteDnsHost(DnsDef.DnsHost pattern) implements NetworkUpdate {
        @Override
        public NetworkDef apply(NetworkDef def) {
            return def.withoutDnsHost(pattern);
        }
    }

    /**
     * Parses virsh's arguments.
     *
     * @param command add, add-first, add-last, delete or modify
     * @param section ip-dhcp-host or dns-host
     * @param xml the element
     * @return the change
     */
    static NetworkUpdate parse(String command, String section, String xml) {
        try {
            return switch (section) {
                case "ip-dhcp-host" -> {
                    DhcpDef.DhcpHost h = NetworkXml.parseDhcpHost(xml);
                    yield switch (command) {
                        case "add", "add-first", "add-last" -> new AddDhcpHost(h);
                        case "delete" -> new DeleteDhcpHost(h);
                        case "modify" -> new ModifyDhcpHost(h);
                        default -> throw badCommand(command);
                    };
                }
                case "dns-host" -> {
                    DnsDef.DnsHost h = NetworkXml.parseDnsHost(xml);
                    yield switch (command) {
                        case "add", "add-first", "add-last" -> new AddDnsHost(h);
                        case "delete" -> new DeleteDnsHost(h);
                        default -> throw badCommand(command);
                    };
                }
                default -> throw new DaemonException(ErrorCode.UNSUPPORTED, "net-update section '" + section
                        + "' is not supported; use ip-dhcp-host or dns-host.");
            };
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
        }
    }

    private static DaemonException badCommand(String command) {
        return new DaemonException(ErrorCode.INVALID_ARGUMENT, "net-update command '" + command
                + "' is not supported here; use add, add-first, add-last, delete or modify (modify: ip-dhcp-host only).");
    }
}
