package io.jvirt.network.render;

import java.nio.file.Path;

/**
 * Where one network's dnsmasq keeps its files: all in one directory of the daemon's.
 *
 * @param dir the directory
 */
public record DnsmasqFiles(Path dir) {

    /** The generated configuration. */
    public Path conf() {
        return dir.resolve("dnsmasq.conf");
    }

    /** dnsmasq's pid file. */
    public Path pid() {
        return dir.resolve("dnsmasq.pid");
    }

    /** The DHCP lease database dnsmasq keeps. */
    public Path leases() {
        return dir.resolve("dnsmasq.leases");
    }

    /** Static DHCP hosts ({@code dhcp-hostsfile}), re-read on SIGHUP. */
    public Path dhcpHosts() {
        return dir.resolve("dhcp-hosts");
    }

    /** DNS host records ({@code addn-hosts}), re-read on SIGHUP. */
    public Path dnsHosts() {
        return dir.resolve("dns-hosts");
    }

    /** dnsmasq's log. */
    public Path log() {
        return dir.resolve("dnsmasq.log");
    }
}
