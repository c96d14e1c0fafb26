package io.jvirt.network;

import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.Cidr;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.network.ForwardMode;
import io.jvirt.conf.network.IpDef;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.network.NetworkException.Kind;
import io.jvirt.network.host.Dnsmasq;
import io.jvirt.network.host.DnsmasqDirs;
import io.jvirt.network.host.HostInterfaces;
import io.jvirt.network.host.HostTools;
import io.jvirt.network.host.Lease;
import io.jvirt.network.render.BridgePlan;
import io.jvirt.network.render.DnsmasqConfig;
import io.jvirt.network.render.DnsmasqFiles;
import io.jvirt.network.render.DnsmasqUser;
import io.jvirt.network.render.HostPlan;
import io.jvirt.network.render.NftRuleset;
import io.jvirt.network.render.TapPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.logging.Logger;

/**
 * Starts and stops virtual networks on this host and plugs guest taps into them. Every
 * kernel change comes from a pure renderer ({@link BridgePlan}, {@link NftRuleset}, {@link
 * DnsmasqConfig}, {@link TapPlan}); this class decides the order, checks for conflicts
 * first, and undoes a half-done start, so a failed start leaves no bridge, table or
 * process behind.
 *
 * <p>Not thread-safe per network: the daemon serializes the jobs of one network.
 */
public final class NetworkDriver {
    private static final Logger LOG = Logger.getLogger(NetworkDriver.class.getName());

    /**
     * Checks that a network can start here: its bridge is free (or, in bridge mode, exists),
     * and its subnets overlap neither a host route nor another active network.
     *
     * @param def the definition, bridge name assigned
     * @param others the definitions of the other active networks
     * @throws NetworkException of kind {@code CONFLICT} naming what is in the way
     */
    public void checkConflicts(NetworkDef def, Collection<NetworkDef> others) {
        String br = def.bridgeName();
        if (def.forwardMode() == ForwardMode.BRIDGE) {
            if (br == null) {
                throw new NetworkException(Kind.INVALID_CONFIG, "Network " + def.name() + " forwards through host "
                        + "interfaces directly (a macvtap pool), which jvirt does not support yet; name an existing "
                        + "host bridge with <bridge name='...'/> instead.");
            }
            if (!HostInterfaces.isBridge(br)) {
                throw new NetworkException(Kind.CONFLICT, "Network " + def.name() + " attaches guests to the host bridge "
                        + br + ", which " + (HostInterfaces.exists(br) ? "is not a bridge" : "does not exist")
                        + "; create it first (ip link add " + br + " type bridge) or fix <bridge name>.");
            }
            return;
        }
        if (HostInterfaces.exists(br)) {
            throw new NetworkException(Kind.CONFLICT, "The bridge name " + br + " of network " + def.name()
                    + " is already in use by a host interface; choose another <bridge name> or remove that device.");
        }
        for (NetworkDef o : others) {
            if (br.equals(o.bridgeName())) {
                throw new NetworkException(Kind.CONFLICT, "The bridge name " + br + " of network " + def.name()
                        + " is already used by network " + o.name() + "; choose another <bridge name>.");
            }
            for (IpDef mine : def.ips()) {
                for (IpDef theirs : o.ips()) {
                    if (Subnets.overlap(mine.cidr(), theirs.cidr())) {
                        throw new NetworkException(Kind.CONFLICT, "The subnet " + subnet(mine) + " of network "
                                + def.name() + " overlaps the subnet " + subnet(theirs) + " of active network "
                                + o.name() + "; choose another address range.");
                    }
                }
            }
        }
        for (HostInterfaces.Route r : HostInterfaces.routes()) {
            Cidr routed = Subnets.of(r);
            if (routed == null || r.device().equals(br)) {
                continue;
            }
            for (IpDef mine : def.ips()) {
                if (Subnets.overlap(mine.cidr(), routed)) {
                    throw new NetworkException(Kind.CONFLICT, "The subnet " + subnet(mine) + " of network "
                            + def.name() + " overlaps the host route " + routed.address().maskedTo(routed.prefix())
                            + "/" + routed.prefix() + " on " + r.device() + "; choose another address range, "
                            + "or the host would lose that route.");
                }
            }
        }
    }

    /**
     * Starts a network: bridge with addresses, firewall table, IP forwarding, dnsmasq.
     * Call {@link #checkConflicts} first. On failure, everything done so far is undone.
     *
     * @param def the definition, bridge name assigned
     * @param files where dnsmasq's files go: an empty private directory of the daemon's, and a
     *     hosts directory this start creates for dnsmasq's user
     * @return what was made
     * @throws NetworkException when a step fails; nothing is left behind
     */
    public ActiveNetwork start(NetworkDef def, DnsmasqFiles files) {
        if (def.forwardMode() == ForwardMode.BRIDGE) {
            return new ActiveNetwork(def, false, null, null, files);
        }
        String br = def.bridgeName();
        String table = NftRuleset.needed(def) ? NftRuleset.tableName(br) : null;
        // The rules name the bridge rather than refer to it, so they load while the bridge and
        // dnsmasq come up; the network is handed out only once both are done.
        FutureTask<Void> firewall = null;
        if (table != null) {
            firewall = new FutureTask<>(() -> {
                loadRules(def);
                return null;
            });
            Thread.ofVirtual().name("nft-" + br).start(firewall);
        }
        Dnsmasq.Handle dns = null;
        try {
            HostPlan bridge = BridgePlan.create(def);
            HostTools.ip(bridge.ip(), "Creating bridge " + br + " of network " + def.name());
            sysctls(def);
            if (DnsmasqConfig.needed(def)) {
                dns = startDnsmasq(def, files);
            }
            await(firewall);
            return new ActiveNetwork(def, true, table, dns, files);
        } catch (RuntimeException e) {
            awaitQuietly(firewall);
            cleanup(br, table, files);
            throw e;
        }
    }

    /** Writes dnsmasq's files (the hosts files into a directory made for its user) and starts it. */
    private static Dnsmasq.Handle startDnsmasq(NetworkDef def, DnsmasqFiles files) {
        DnsmasqUser user = DnsmasqDirs.user();
        DnsmasqDirs.prepare(files, user);
        DnsmasqDirs.write(files.dhcpHosts(), DnsmasqConfig.dhcpHosts(def), user);
        DnsmasqDirs.write(files.dnsHosts(), DnsmasqConfig.dnsHosts(def), user);
        try {
            // dnsmasq opens the lease database as root and would create it readable by all:
            // private from the start, like the rest of the directory (its log it makes 0660 and
            // hands to its user itself; its pid file is 0644; the directory is 0700)
            if (!Files.exists(files.leases())) {
                Files.createFile(files.leases(), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Path tmp = files.conf().resolveSibling(".dnsmasq.conf.tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, DnsmasqConfig.render(def, files, user), StandardCharsets.UTF_8);
            Files.move(tmp, files.conf(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new NetworkException(Kind.HOST_FAILURE, "Cannot write the dnsmasq files of network " + def.name()
                    + " in " + files.dir() + ": " + e.getMessage() + ".", e);
        }
        return Dnsmasq.start(files.conf(), files.pid(), def.name());
    }

    /**
     * Moves a running network's dnsmasq to new files: an earlier jvirt kept the hosts files in
     * the state directory, which is now private, so its dnsmasq (which re-reads them as an
     * unprivileged user) is restarted on files laid out as {@link #start} lays them out. The
     * lease database is kept, so guests keep their addresses.
     *
     * @param a the running network
     * @param files the new layout; {@code files.dir()} is the network's private directory
     * @return the network with its new dnsmasq
     * @throws NetworkException when the new dnsmasq does not start (the old one is gone then)
     */
    public ActiveNetwork restartDnsmasq(ActiveNetwork a, DnsmasqFiles files) {
        if (a.dnsmasq() != null) {
            Dnsmasq.stop(a.dnsmasq());
        }
        Dnsmasq.Handle dns = startDnsmasq(a.live(), files);
        return new ActiveNetwork(a.live(), a.createdBridge(), a.table(), dns, files);
    }

    /**
     * Loads the network's tables: created new, which the kernel commits fastest, or, when a
     * crashed run left one behind, replaced.
     */
    private static void loadRules(NetworkDef def) {
        String what = "Loading the firewall rules of network " + def.name();
        try {
            HostTools.nft(NftRuleset.renderCreate(def), what);
        } catch (NetworkException exists) {
            LOG.fine("network " + def.name() + ": replacing firewall tables left over: " + exists.getMessage());
            HostTools.nft(NftRuleset.render(def), what);
        }
    }

    /** Waits for {@code task}, rethrowing its failure as it was thrown. */
    private static void await(FutureTask<Void> task) {
        if (task == null) {
            return;
        }
        try {
            task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new NetworkException(Kind.HOST_FAILURE, "Loading firewall rules failed: " + e.getCause() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException(Kind.HOST_FAILURE, "Interrupted while loading firewall rules.", e);
        }
    }

    /** Waits for {@code task} to end, whatever its outcome, so that cleanup comes after it. */
    private static void awaitQuietly(FutureTask<Void> task) {
        if (task == null) {
            return;
        }
        try {
            task.get();
        } catch (ExecutionException ignored) {
            // its failure is not the one being reported
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops a network, removing exactly what {@link #start} made. Best effort: a piece that is
     * already gone is fine.
     *
     * @param a the started network
     */
    public void stop(ActiveNetwork a) {
        if (a.dnsmasq() != null) {
            Dnsmasq.stop(a.dnsmasq());
        }
        removeHostsDir(a.files());
        if (a.createdBridge()) {
            if (a.table() != null) {
                // the tables start made are known: one nft transaction removes them
                String script = (NftRuleset.forwarding(a.live()) ? "delete table inet " + a.table() + "\n" : "")
                        + "delete table bridge " + a.table() + "\n";
                try {
                    HostTools.nft(script, "Removing the firewall tables of network " + a.live().name());
                } catch (NetworkException e) {
                    cleanup(null, a.table(), a.files());
                }
            }
            HostTools.ipForce(BridgePlan.destroy(a.bridge()));
        }
    }

    /** Removes the hosts directory a start made for dnsmasq, if it made one. */
    private static void removeHostsDir(DnsmasqFiles files) {
        if (files.hostsRoot() != null) {
            try {
                DnsmasqDirs.remove(files.hostsDir());
            } catch (NetworkException e) {
                LOG.warning(e.getMessage());
            }
        }
    }

    /**
     * Removes what a start may have left behind after a crash: the dnsmasq of its pid file,
     * its hosts directory, the firewall table, the bridge. Anything absent is skipped.
     *
     * @param bridge the bridge, or null
     * @param table the nftables table, or null
     * @param files the dnsmasq files
     */
    public void cleanup(String bridge, String table, DnsmasqFiles files) {
        Dnsmasq.read(files.pid()).ifPresent(Dnsmasq::stop);
        removeHostsDir(files);
        if (table != null) {
            for (String family : List.of("inet", "bridge")) {
                try {
                    HostTools.nftDeleteTable(family, table);
                } catch (NetworkException e) {
                    LOG.warning(e.getMessage());
                }
            }
        }
        if (bridge != null && HostInterfaces.exists(bridge)) {
            HostTools.ipForce(BridgePlan.destroy(bridge));
        }
    }

    /**
     * Applies a live change of the static DHCP hosts or DNS hosts: rewrites the hosts files
     * and makes dnsmasq re-read them.
     *
     * @param a the running network
     * @param newLive the changed definition
     * @return the running network with the new definition
     */
    public ActiveNetwork updateHosts(ActiveNetwork a, NetworkDef newLive) {
        if (a.dnsmasq() != null) {
            // a network an earlier jvirt started (no hosts root) keeps its files readable by all
            DnsmasqUser user = a.files().hostsRoot() == null ? null : DnsmasqDirs.user();
            DnsmasqDirs.write(a.files().dhcpHosts(), DnsmasqConfig.dhcpHosts(newLive), user);
            DnsmasqDirs.write(a.files().dnsHosts(), DnsmasqConfig.dnsHosts(newLive), user);
            Dnsmasq.reload(a.dnsmasq());
        }
        return a.withLive(newLive);
    }

    /**
     * The current leases of a running network.
     *
     * @param a the network
     * @return the leases, empty when it has no DHCP
     */
    public List<Lease> leases(ActiveNetwork a) {
        try {
            return Lease.parse(Files.readString(a.files().leases()));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a guest's tap on a bridge with its VLAN and bandwidth settings. On failure the
     * tap is removed again.
     *
     * <p>On a bridge the network owns, an access VLAN (one tag) is enforced by the
     * network's bridge-family nftables table. A trunk, or any VLAN on a host bridge, needs the
     * bridge's own 802.1Q filtering ({@code vlan_filtering 1}).
     *
     * @param tap the device name
     * @param bridge the bridge
     * @param managed whether jvirt made the bridge for a network (else it is a host bridge)
     * @param mtu the MTU, or null
     * @param vlan the VLAN setting, or null
     * @param bandwidth the limits, or null
     */
    public void plugTap(String tap, String bridge, boolean managed, Integer mtu, VlanDef vlan, BandwidthDef bandwidth) {
        plugTap(tap, bridge, managed, mtu, vlan, bandwidth, TapPlan.Port.PLAIN);
    }

    /**
     * Creates a guest's tap on a bridge as {@link #plugTap(String, String, boolean, Integer, VlanDef,
     * BandwidthDef)} does, with several queues or an isolated port when the guest's card asks.
     *
     * @param tap the device name
     * @param bridge the bridge
     * @param managed whether jvirt made the bridge for a network
     * @param mtu the MTU, or null
     * @param vlan the VLAN setting, or null
     * @param bandwidth the limits, or null
     * @param port queues and isolation of the tap's bridge port
     */
    public void plugTap(String tap, String bridge, boolean managed, Integer mtu, VlanDef vlan, BandwidthDef bandwidth,
                        TapPlan.Port port) {
        boolean accessByTable = managed && vlan != null && !vlan.trunk();
        if (vlan != null && !accessByTable && !HostInterfaces.vlanFiltering(bridge)) {
            throw new NetworkException(Kind.INVALID_CONFIG, managed
                    ? "The interface " + tap + " asks for a VLAN trunk, but the bridge " + bridge + " of a jvirt network "
                    + "separates access VLANs only (one <tag> per port); use a single tag, or a host bridge with "
                    + "vlan_filtering for trunks."
                    : "The interface " + tap + " asks for VLAN tags, but host bridge " + bridge + " does not filter "
                    + "VLANs; enable it (ip link set " + bridge + " type bridge vlan_filtering 1, which needs a kernel "
                    + "with CONFIG_BRIDGE_VLAN_FILTERING) or drop the <vlan>.");
        }
        HostPlan plan = TapPlan.plug(tap, bridge, mtu, accessByTable ? null : vlan, bandwidth, port);
        try {
            HostTools.ip(plan.ip(), "Creating tap " + tap + " on bridge " + bridge);
            HostTools.bridge(plan.bridge(), "Setting the VLANs and port flags of tap " + tap);
            HostTools.tc(plan.tc(), "Setting the bandwidth limits of tap " + tap);
            if (accessByTable) {
                HostTools.nft(NftRuleset.vlanPort(bridge, tap, vlan.tags().getFirst().id(), true),
                        "Putting tap " + tap + " into VLAN " + vlan.tags().getFirst().id());
            }
        } catch (RuntimeException e) {
            unplugTap(tap, null, null);
            throw e;
        }
    }

    /**
     * Gives a guest's existing tap other bandwidth limits ({@code domiftune}, {@code update-device}):
     * the old shaping goes, the new one is set.
     *
     * @param tap the tap
     * @param bandwidth the new limits, or null for none
     */
    public void reshapeTap(String tap, BandwidthDef bandwidth) {
        HostPlan clear = TapPlan.unshape(tap);
        HostTools.tcForce(clear.tc());
        HostTools.ipForce(clear.ip());
        HostPlan plan = TapPlan.reshape(tap, bandwidth);
        HostTools.ip(plan.ip(), "Creating the shaping device of tap " + tap);
        HostTools.tc(plan.tc(), "Setting the bandwidth limits of tap " + tap);
    }

    /**
     * Removes a guest's tap (and its shaping device) if it exists, and its access-VLAN
     * entry in the network's bridge table.
     *
     * @param tap the tap
     * @param managedBridge the network's bridge when the tap had an access VLAN there, or null
     * @param vid that VLAN id, or null
     */
    public void unplugTap(String tap, String managedBridge, Integer vid) {
        if (HostInterfaces.exists(tap) || HostInterfaces.exists(TapPlan.ifb(tap))) {
            HostTools.ipForce(TapPlan.unplug(tap));
        }
        if (managedBridge != null && vid != null) {
            try {
                HostTools.nft(NftRuleset.vlanPort(managedBridge, tap, vid, false), "Removing tap " + tap + " from VLAN "
                        + vid);
            } catch (NetworkException gone) {
                // the network (and its table) was destroyed first: nothing left to remove
            }
        }
    }

    private static void sysctls(NetworkDef def) {
        boolean forwards = def.forwardMode() == ForwardMode.NAT || def.forwardMode() == ForwardMode.ROUTE
                || def.forwardMode() == ForwardMode.OPEN;
        if (forwards && !def.ipv4Addresses().isEmpty()) {
            sysctl("net/ipv4/ip_forward", "1");
        }
        if (forwards && !def.ipv6Addresses().isEmpty()) {
            sysctl("net/ipv6/conf/all/forwarding", "1");
        }
        if (def.ipv6Addresses().isEmpty() && !def.ipv6()) {
            // like libvirt: no IPv6 on a bridge that was not given any, not even link-local
            sysctl("net/ipv6/conf/" + def.bridgeName() + "/disable_ipv6", "1");
        }
    }

    private static void sysctl(String key, String value) {
        Path p = Path.of("/proc/sys").resolve(key);
        try {
            if (!Files.readString(p).strip().equals(value)) {
                Files.writeString(p, value);
            }
        } catch (NoSuchFileException e) {
            // no such knob in this kernel (IPv6 disabled): nothing to set
        } catch (IOException e) {
            throw new NetworkException(Kind.HOST_FAILURE, "Cannot set " + key.replace('/', '.') + " to " + value
                    + ": " + e.getMessage() + "; jvirtd needs to run as root to manage networks.", e);
        }
    }

    private static String subnet(IpDef ip) {
        return ip.cidr().network() + "/" + ip.prefix();
    }
}
