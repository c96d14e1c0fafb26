package io.jvirt.conf.network;

import io.jvirt.conf.common.ConfChecks;

/**
 * The {@code <domain>} element: the DNS domain the network's DHCP and DNS server hand out.
 *
 * @param name the domain, such as {@code example.com}
 * @param localOnly whether names under the domain are answered only locally and never forwarded
 *     upstream, or null when not given (no)
 */
public record DnsDomainDef(String name, Boolean localOnly) {

    /** Checks the name. */
    public DnsDomainDef {
        ConfChecks.required(name, "The network <domain name>");
        ConfChecks.dnsName(name, "The network domain");
    }
}
