package io.jvirt.network.render;

import java.nio.file.Path;

/**
 * Where one network's dnsmasq keeps its files, in two directories. dnsmasq opens its
 * configuration, pid file, lease database and log as root, before it drops to its
 * unprivileged user, and keeps the lease database and log open: those stay in the daemon's
 * private run directory ({@code dir}). After dropping privileges it opens its two hosts files
 * by name, at start and at every SIGHUP ({@code net-update}): those live in {@code hostsDir},
 * a directory jvirt makes for dnsmasq's user alone, outside the state directory.
 *
 * @param dir the private directory (configuration, pid file, leases, log)
 * @param hostsDir the directory of the hosts files, readable by dnsmasq's user
 * @param hostsRoot the first directory on the way to {@code hostsDir} that jvirt owns (from
 *     there down it creates the path traversable), or null when {@code hostsDir} is not jvirt's
 *     to prepare (the single-directory layout of older versions)
 */
public record DnsmasqFiles(Path dir, Path hostsDir, Path hostsRoot) {

    /** Validates that {@code hostsRoot}, when given, lies on the way to {@code hostsDir}. */
    public DnsmasqFiles {
        if (hostsRoot != null && !hostsDir.startsWith(hostsRoot)) {
            throw new IllegalArgumentException(hostsDir + " is not below " + hostsRoot);
        }
    }

    /**
     * All files in one directory, as earlier versions of jvirt kept them (the state directory then had
     * to be traversable by dnsmasq's user); used for networks such a version started.
     *
     * @param dir the directory
     * @return the files
     */
    public static DnsmasqFiles inOneDirectory(Path dir) {
        return new DnsmasqFiles(dir, dir, null);
    }

    /** The generated configuration. */
    public Path conf() {
        return dir.resolve("dnsmasq.conf");
    }

    /** dnsmasq's pid file. */
    public Path pid() {
        return dir.resolve("dnsmasq.pid");
    }

    /** The DHCP lease database dnsmasq keeps (opened once, as root). */
    public Path leases() {
        return dir.resolve("dnsmasq.leases");
    }

    /** Static DHCP hosts ({@code dhcp-hostsfile}), read as dnsmasq's user at start and on SIGHUP. */
    public Path dhcpHosts() {
        return hostsDir.resolve("dhcp-hosts");
    }

    /** DNS host records ({@code addn-hosts}), read as dnsmasq's user at start and on SIGHUP. */
    public Path dnsHosts() {
        return hostsDir.resolve("dns-hosts");
    }

    /** dnsmasq's log (opened once, as root). */
    public Path log() {
        return dir.resolve("dnsmasq.log");
    }
}
