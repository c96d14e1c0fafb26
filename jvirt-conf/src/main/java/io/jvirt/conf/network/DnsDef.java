package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.IpAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code <dns>} element: the network's own DNS server.
 *
 * @param enable whether the DNS server runs ({@code enable}), or null when not given (yes)
 * @param forwardPlainNames whether names without a dot are forwarded upstream, or null when not given
 * @param forwarders upstream servers, in document order
 * @param txts TXT records
 * @param srvs SRV records
 * @param hosts address records; each has an address and at least one name, and no address
 *     appears twice
 */
public record DnsDef(Boolean enable, Boolean forwardPlainNames, List<Forwarder> forwarders, List<TxtRecord> txts,
                     List<SrvRecord> srvs, List<DnsHost> hosts) {

    /** Checks that a disabled server has no records and that the hosts are complete and distinct. */
    public DnsDef {
        forwarders = ConfChecks.list(forwarders);
        txts = ConfChecks.list(txts);
        srvs = ConfChecks.list(srvs);
        hosts = ConfChecks.list(hosts);
        if (Boolean.FALSE.equals(enable) && !(forwarders.isEmpty() && txts.isEmpty() && srvs.isEmpty()
                && hosts.isEmpty())) {
            throw new ConfException(Kind.CONFLICT, "The DNS server is disabled (enable='no'), so <dns> must not "
                    + "list forwarders, hosts, SRV or TXT records.");
        }
        Set<IpAddress> seen = new HashSet<>();
        for (DnsHost h : hosts) {
            if (h.ip() == null || h.hostnames().isEmpty()) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "A DNS <host> needs an 'ip' attribute and at least one <hostname>.");
            }
            if (!seen.add(h.ip())) {
                throw new ConfException(Kind.DUPLICATE, "The DNS host address " + h.ip()
                        + " is listed more than once; put all its names in one <host>.");
            }
        }
    }

    /** Returns whether the DNS server runs: true unless {@code enable='no'}. */
    public boolean enabled() {
        return !Boolean.FALSE.equals(enable);
    }

    /** Returns whether the element says nothing at all. */
    boolean isEmpty() {
        return enable == null && forwardPlainNames == null && forwarders.isEmpty() && txts.isEmpty()
                && srvs.isEmpty() && hosts.isEmpty();
    }

    /**
     * Returns a copy with other hosts.
     *
     * @param newHosts the hosts
     * @return the copy
     */
    public DnsDef withHosts(List<DnsHost> newHosts) {
        return new DnsDef(enable, forwardPlainNames, forwarders, txts, srvs, newHosts);
    }

    /**
     * A {@code <forwarder>}: where to send some or all queries.
     *
     * @param domain the domain whose queries this forwarder takes, or null for all queries
     * @param addr the upstream server, or null to resolve {@code domain} locally and by the host's
     *     usual servers
     */
    public record Forwarder(String domain, IpAddress addr) {

        /** Checks that one attribute is given. */
        public Forwarder {
            if (domain == null && addr == null) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "A DNS <forwarder> needs an 'addr' or a 'domain' attribute, or both.");
            }
            ConfChecks.dnsName(domain, "The DNS forwarder domain");
        }
    }

    /**
     * A {@code <txt>} record.
     *
     * @param name the name queried
     * @param value the text answered; commas separate several strings
     */
    public record TxtRecord(String name, String value) {

        /** Checks the name and value. */
        public TxtRecord {
            ConfChecks.required(name, "The DNS TXT record name");
            ConfChecks.required(value, "The DNS TXT record value");
            ConfChecks.dnsName(name, "The DNS TXT record name");
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "The DNS TXT record value must not contain control characters.");
            }
        }
    }

    /**
     * A {@code <srv>} record (RFC 2782).
     *
     * @param service the service name, such as {@code ldap}; at most 15 characters
     * @param protocol the protocol name, such as {@code tcp}
     * @param domain the domain the record is in, or null for the network's own
     * @param target the host offering the service ({@code .} for none), or null
     * @param port the port, 1 to 65535, or null; only with a target
     * @param priority the priority, 0 to 65535, or null; only with a target
     * @param weight the weight, 0 to 65535, or null; only with a target
     */
    public record SrvRecord(String service, String protocol, String domain, String target, Integer port,
                            Integer priority, Integer weight) {

        private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_+/*-]{1,15}");
        private static final Pattern PROTOCOL = Pattern.compile("[A-Za-z0-9+/-]{1,15}");

        /** Checks the names and numbers. */
        public SrvRecord {
            ConfChecks.required(service, "The DNS SRV record 'service'");
            ConfChecks.required(protocol, "The DNS SRV record 'protocol'");
            if (!SERVICE.matcher(service).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The DNS SRV service '" + ConfChecks.printable(service)
                        + "' is not valid; use 1 to 15 letters, digits, '_', '-', '+', '/' or '*'.");
            }
            if (!PROTOCOL.matcher(protocol).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The DNS SRV protocol '"
                        + ConfChecks.printable(protocol) + "' is not valid; use 1 to 15 letters, digits, '-', '+' "
                        + "or '/', such as tcp or udp.");
            }
            ConfChecks.dnsName(domain, "The DNS SRV domain");
            if (target != null && !target.equals(".")) {
                ConfChecks.dnsName(target, "The DNS SRV target");
            }
            ConfChecks.range(port, 1, 65535, "The DNS SRV port");
            ConfChecks.range(priority, 0, 65535, "The DNS SRV priority");
            ConfChecks.range(weight, 0, 65535, "The DNS SRV weight");
            if (target == null && (port != null || priority != null || weight != null)) {
                throw new ConfException(Kind.CONFLICT, "The DNS SRV record for '" + service
                        + "' gives a port, priority or weight, which need a 'target'.");
            }
        }
    }

    /**
     * A DNS {@code <host>}: names answered with an address. As a pattern for
     * {@link NetworkDef#withoutDnsHost(DnsHost)} either part may be missing.
     *
     * @param ip the address, or null in a pattern
     * @param hostnames the names, in document order; empty only in a pattern
     */
    public record DnsHost(IpAddress ip, List<String> hostnames) {

        /** Checks the names. */
        public DnsHost {
            hostnames = ConfChecks.list(hostnames);
            if (ip == null && hostnames.isEmpty()) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "A DNS <host> needs an 'ip' attribute or a <hostname>.");
            }
            Set<String> seen = new HashSet<>();
            for (String h : hostnames) {
                ConfChecks.dnsName(h, "The DNS host name");
                if (!seen.add(h.toLowerCase(Locale.ROOT))) {
                    throw new ConfException(Kind.DUPLICATE, "The DNS host name '" + h + "' is listed twice.");
                }
            }
        }

        /**
         * Returns whether this host fits a pattern: the pattern's address, if any, is this
         * host's, and each of the pattern's names is one of this host's.
         *
         * @param pattern the pattern
         * @return whether it matches
         */
        public boolean matches(DnsHost pattern) {
            if (pattern.ip() != null && !pattern.ip().equals(ip)) {
                return false;
            }
            for (String n : pattern.hostnames()) {
                if (hostnames.stream().noneMatch(h -> h.equalsIgnoreCase(n))) {
                    return false;
                }
            }
            return true;
        }
    }
}
