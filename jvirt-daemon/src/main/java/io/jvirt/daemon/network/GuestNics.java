package io.jvirt.daemon.network;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.PortgroupDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.NicPlumbing;
import io.jvirt.network.ActiveNetwork;
import io.jvirt.network.NetworkDriver;
import io.jvirt.network.NetworkException;
import io.jvirt.network.host.HostInterfaces;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Plugs guest network cards into networks and host bridges: for each {@code network} or
 * {@code bridge} interface, a tap device (its {@code <target dev>}, or the next free {@code
 * vnetN}) on the right bridge, with the VLAN and bandwidth settings of the interface, else
 * of its port group, else of the network. The live definition records the tap names, so
 * that a restarted daemon still knows which taps to remove.
 */
public final class GuestNics implements NicPlumbing {
    private static final Logger LOG = Logger.getLogger(GuestNics.class.getName());
    private static final String TAP_PREFIX = "vnet";

    private final NetworkService networks;
    private final NetworkDriver driver;
    /** Tap names handed out and not yet released; guards the gap between choosing a name and creating the device. */
    private final Set<String> reserved = new HashSet<>();

    public GuestNics(NetworkService networks, NetworkDriver driver) {
        this.networks = networks;
        this.driver = driver;
    }

    @Override
    public DomainDef plug(String domain, DomainDef def) {
        List<InterfaceDef> in = def.devices().interfaces();
        if (in.stream().allMatch(n -> n.backend() instanceof NetBackend.User)) {
            return def;
        }
        List<InterfaceDef> out = new ArrayList<>(in.size());
        List<String> made = new ArrayList<>();
        try {
            for (InterfaceDef n : in) {
                switch (n.backend()) {
                    case NetBackend.User u -> out.add(n);
                    case NetBackend.Network net -> {
                        String who = "interface " + n.mac() + " of domain '" + domain + "'";
                        ActiveNetwork a = networks.requireActive(net.network(), who);
                        NetworkDef nd = a.live();
                        PortgroupDef pg = portgroup(nd, net.portgroup(), who);
                        VlanDef vlan = n.vlan() != null ? n.vlan() : pg != null && pg.vlan() != null ? pg.vlan() : nd.vlan();
                        BandwidthDef bw = n.bandwidth() != null ? n.bandwidth() : pg != null ? pg.bandwidth() : null;
                        Integer mtu = n.mtu() != null ? n.mtu() : nd.mtu();
                        String tap = tapName(n);
                        made.add(tap);
                        boolean managed = a.createdBridge();
                        driver.plugTap(tap, a.bridge(), managed, mtu, vlan, bw);
                        // the live definition records what was applied, as libvirt's live XML does
                        out.add(new InterfaceDef(n.backend(), n.mac(), n.model(), n.bootOrder(), n.address(), tap,
                                vlan, n.link(), bw, n.mtu()));
                    }
                    case NetBackend.Bridge br -> {
                        if (!HostInterfaces.isBridge(br.bridge())) {
                            throw new DaemonException(ErrorCode.HOST_RESOURCE, "interface " + n.mac() + " of domain '"
                                    + domain + "' uses host bridge " + br.bridge() + ", which "
                                    + (HostInterfaces.exists(br.bridge()) ? "is not a bridge" : "does not exist")
                                    + "; create it or fix <source bridge>.");
                        }
                        String tap = tapName(n);
                        made.add(tap);
                        driver.plugTap(tap, br.bridge(), false, n.mtu(), n.vlan(), n.bandwidth());
                        out.add(n.withTargetDev(tap));
                    }
                }
            }
        } catch (NetworkException e) {
            release(made);
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(made);
            throw e;
        }
        return def.withDevices(def.devices().withInterfaces(out));
    }

    private static PortgroupDef portgroup(NetworkDef nd, String name, String who) {
        if (name == null) {
            return nd.defaultPortgroup();
        }
        PortgroupDef pg = nd.portgroup(name);
        if (pg == null) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, who + " names portgroup '" + name
                    + "', which network '" + nd.name() + "' does not have.");
        }
        return pg;
    }

    /** The interface's own target name unless it is an automatic one, else the next free vnetN. */
    private String tapName(InterfaceDef n) {
        synchronized (reserved) {
            String wanted = n.targetDev();
            if (wanted != null && !wanted.startsWith(TAP_PREFIX)) {
                if (HostInterfaces.exists(wanted) || reserved.contains(wanted)) {
                    throw new DaemonException(ErrorCode.IN_USE, "the tap device name " + wanted + " of interface "
                            + n.mac() + " is already in use on this host; change or remove <target dev>.");
                }
                reserved.add(wanted);
                return wanted;
            }
            String name = HostInterfaces.freeName(TAP_PREFIX, reserved);
            reserved.add(name);
            return name;
        }
    }

    private void release(List<String> taps) {
        for (String t : taps) {
            release(t, null, null);
        }
    }

    private void release(String tap, String managedBridge, Integer vid) {
        try {
            driver.unplugTap(tap, managedBridge, vid);
        } catch (RuntimeException e) {
            LOG.warning("cannot remove tap " + tap + ": " + e.getMessage());
        }
        synchronized (reserved) {
            reserved.remove(tap);
        }
    }

    @Override
    public void retune(String domain, InterfaceDef card) {
        if (card.targetDev() == null || card.backend() instanceof NetBackend.User) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "interface " + card.mac() + " of domain '" + domain
                    + "' uses user-mode networking, which has no host device to limit; only network, bridge and "
                    + "ethernet interfaces take bandwidth limits.");
        }
        try {
            driver.reshapeTap(card.targetDev(), card.bandwidth());
        } catch (NetworkException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void unplug(String domain, DomainDef live) {
        for (InterfaceDef n : live.devices().interfaces()) {
            if (n.targetDev() == null) {
                continue;
            }
            switch (n.backend()) {
                case NetBackend.User u -> { }
                case NetBackend.Bridge br -> release(n.targetDev(), null, null);
                case NetBackend.Network net -> {
                    ActiveNetwork a = networks.activeOrNull(net.network());
                    boolean access = a != null && a.createdBridge() && n.vlan() != null && !n.vlan().trunk();
                    release(n.targetDev(), access ? a.bridge() : null, access ? n.vlan().tags().getFirst().id() : null);
                }
            }
        }
    }
}
