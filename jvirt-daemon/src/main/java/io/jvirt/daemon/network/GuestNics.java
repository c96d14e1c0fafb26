package io.jvirt.daemon.network;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.domain.NetDriver;
import io.jvirt.conf.domain.NicIp;
import io.jvirt.conf.domain.NicRoute;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.PortgroupDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.NicPlumbing;
import io.jvirt.daemon.host.HostView;
import io.jvirt.network.ActiveNetwork;
import io.jvirt.network.GuestLinks;
import io.jvirt.network.NetworkDriver;
import io.jvirt.network.NetworkException;
import io.jvirt.network.host.HostInterfaces;
import io.jvirt.network.render.LinkPlan;
import io.jvirt.network.render.TapPlan;
import io.jvirt.sys.Command;
import io.jvirt.sys.Spawn;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Plugs guest network cards into the host: for each {@code network} or {@code bridge} card a tap
 * (its {@code <target dev>}, or the next free {@code vnetN}) on the right bridge, with the VLAN and
 * bandwidth of the card, else of its port group, else of the network; for an {@code ethernet} card
 * a tap on no bridge with its host addresses and routes (or the user's own tap, {@code managed='no'}),
 * and its script; for a {@code direct} card a macvtap over the host interface, whose
 * {@code /dev/tapN} is opened for QEMU to inherit. The live definition records the device names,
 * so that a restarted daemon still knows what to remove. What the cards need of the host
 * ({@link NicChecks}) is checked before anything is created.
 */
public final class GuestNics implements NicPlumbing {
    private static final Logger LOG = Logger.getLogger(GuestNics.class.getName());
    private static final String TAP_PREFIX = "vnet";
    private static final String MACVTAP_PREFIX = "macvtap";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private final NetworkService networks;
    private final NetworkDriver driver;
    private final GuestLinks links;
    private final HostView host;
    private final TapNames names = new TapNames();

    public GuestNics(NetworkService networks, NetworkDriver driver) {
        this(networks, driver, new GuestLinks(), HostView.SYSTEM);
    }

    GuestNics(NetworkService networks, NetworkDriver driver, GuestLinks links, HostView host) {
        this.networks = networks;
        this.driver = driver;
        this.links = links;
        this.host = host;
    }

    @Override
    public DomainDef plug(String domain, DomainDef def) {
        List<InterfaceDef> in = def.devices().interfaces();
        if (in.stream().allMatch(n -> !needsHostSide(n.backend()) && n.options().virtualport() == null
                && n.options().driver() == null)) {
            return def;
        }
        List<String> problems = NicChecks.problems(in, host);
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: "
                    + String.join(" ", problems));
        }
        List<InterfaceDef> out = new ArrayList<>(in.size());
        List<InterfaceDef> made = new ArrayList<>();
        try {
            for (InterfaceDef n : in) {
                InterfaceDef live = switch (n.backend()) {
                    case NetBackend.User u -> n;
                    case NetBackend.VhostUser v -> n;
                    case NetBackend.Socket s -> n;
                    case NetBackend.Hostdev h -> n;
                    case NetBackend.Vdpa v -> n;
                    case NetBackend.Network net -> network(domain, n, net);
                    case NetBackend.Bridge br -> bridge(domain, n, br);
                    case NetBackend.Ethernet e -> ethernet(n, e);
                    case NetBackend.Direct d -> direct(n, d);
                };
                if (live != n) {
                    made.add(live);
                }
                coalesce(live);
                out.add(live);
            }
        } catch (NetworkException e) {
            made.forEach(this::remove);
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            made.forEach(this::remove);
            throw e;
        }
        return def.withDevices(def.devices().withInterfaces(out));
    }

    private static boolean needsHostSide(NetBackend b) {
        return switch (b) {
            case NetBackend.Network n -> true;
            case NetBackend.Bridge br -> true;
            case NetBackend.Ethernet e -> true;
            case NetBackend.Direct d -> true;
            case NetBackend.User u -> false;
            case NetBackend.VhostUser v -> false;
            case NetBackend.Socket s -> false;
            case NetBackend.Hostdev h -> false;
            case NetBackend.Vdpa v -> false;
        };
    }

    private InterfaceDef network(String domain, InterfaceDef n, NetBackend.Network net) {
        String who = "interface " + n.mac() + " of domain '" + domain + "'";
        ActiveNetwork a = networks.requireActive(net.network(), who);
        NetworkDef nd = a.live();
        PortgroupDef pg = portgroup(nd, net.portgroup(), who);
        VlanDef vlan = n.vlan() != null ? n.vlan() : pg != null && pg.vlan() != null ? pg.vlan() : nd.vlan();
        BandwidthDef bw = n.bandwidth() != null ? n.bandwidth() : pg != null ? pg.bandwidth() : null;
        Integer mtu = n.mtu() != null ? n.mtu() : nd.mtu();
        String tap = names.reserve(n, TAP_PREFIX);
        InterfaceDef live = n.applied(tap, vlan, bw);
        try {
            driver.plugTap(tap, a.bridge(), a.createdBridge(), mtu, vlan, bw, port(n));
        } catch (RuntimeException e) {
            names.release(tap);
            throw e;
        }
        // the live definition records what was applied, as libvirt's live XML does
        return live;
    }

    private InterfaceDef bridge(String domain, InterfaceDef n, NetBackend.Bridge br) {
        if (!HostInterfaces.isBridge(br.bridge())) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "interface " + n.mac() + " of domain '" + domain
                    + "' uses host bridge " + br.bridge() + ", which "
                    + (HostInterfaces.exists(br.bridge()) ? "is not a bridge" : "does not exist")
                    + "; create it or fix <source bridge>.");
        }
        String tap = names.reserve(n, TAP_PREFIX);
        try {
            driver.plugTap(tap, br.bridge(), false, n.mtu(), n.vlan(), n.bandwidth(), port(n));
        } catch (RuntimeException e) {
            names.release(tap);
            throw e;
        }
        return n.withTargetDev(tap);
    }

    private InterfaceDef ethernet(InterfaceDef n, NetBackend.Ethernet e) {
        if (Boolean.FALSE.equals(n.options().targetManaged())) {
            // the user's own tap: QEMU opens it by name, jvirt neither creates nor removes it
            if (!host.sysExists("class/net/" + n.targetDev() + "/tun_flags")) {
                throw new DaemonException(ErrorCode.HOST_RESOURCE, "interface " + n.mac() + " names the tap "
                        + n.targetDev() + " with managed='no', which " + (HostInterfaces.exists(n.targetDev())
                        ? "is not a tap device" : "does not exist") + "; create it first (ip tuntap add "
                        + n.targetDev() + " mode tap) or let jvirt manage it.");
            }
            return n;
        }
        String tap = names.reserve(n, TAP_PREFIX);
        InterfaceDef live = n.withTargetDev(tap);
        try {
            links.plugEthernet(tap, n.mtu(), multiQueue(n), e.hostIps().stream().map(GuestNics::address).toList(),
                    e.hostRoutes().stream().map(GuestNics::route).toList());
            if (n.options().script() != null) {
                runScript(n.options().script(), tap);
            }
        } catch (RuntimeException ex) {
            remove(live);
            throw ex;
        }
        return live;
    }

    private InterfaceDef direct(InterfaceDef n, NetBackend.Direct d) {
        String name = names.reserve(n, MACVTAP_PREFIX);
        try {
            links.plugMacvtap(name, d.dev(), d.mode().xml(), n.mac(), n.mtu());
        } catch (RuntimeException e) {
            names.release(name);
            throw e;
        }
        return n.withTargetDev(name);
    }

    private void coalesce(InterfaceDef live) {
        Integer frames = live.options().coalesceRxFrames();
        if (frames != null && live.targetDev() != null) {
            links.coalesce(live.targetDev(), frames);
        }
    }

    private static TapPlan.Port port(InterfaceDef n) {
        return new TapPlan.Port(multiQueue(n), Boolean.TRUE.equals(n.options().portIsolated()));
    }

    private static boolean multiQueue(InterfaceDef n) {
        NetDriver d = n.options().driver();
        return d != null && d.queues() != null && d.queues() > 1;
    }

    private static LinkPlan.Address address(NicIp ip) {
        return new LinkPlan.Address(ip.address().toString(), ip.prefix(), ip.peer() == null ? null
                : ip.peer().toString());
    }

    private static LinkPlan.Route route(NicRoute r) {
        return new LinkPlan.Route(r.address().toString(), r.prefix(), r.gateway().toString(), r.metric());
    }

    private static void runScript(String script, String tap) {
        Command.Result r = Command.run(List.of(script, tap), null, SCRIPT_TIMEOUT);
        if (!r.ok()) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "the interface script " + script + " failed for tap "
                    + tap + ": " + r.firstErrorLine());
        }
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

    @Override
    public Map<Integer, Integer> openTaps(String domain, DomainDef live) {
        Map<Integer, Integer> fds = new HashMap<>();
        List<InterfaceDef> nics = live.devices().interfaces();
        try {
            for (int i = 0; i < nics.size(); i++) {
                if (nics.get(i).backend() instanceof NetBackend.Direct) {
                    Path node = links.macvtapDevice(nics.get(i).targetDev());
                    fds.put(i, Spawn.openReadWrite(node));
                }
            }
        } catch (NetworkException | IOException e) {
            fds.values().forEach(Spawn::close);
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "': " + e.getMessage(), e);
        }
        return fds;
    }

    /** Removes what plugging one card made; never throws. */
    private void remove(InterfaceDef n) {
        String dev = n.targetDev();
        if (dev == null) {
            return;
        }
        try {
            switch (n.backend()) {
                case NetBackend.User u -> { }
                case NetBackend.VhostUser v -> { }
                case NetBackend.Socket s -> { }
                case NetBackend.Hostdev h -> { }
                case NetBackend.Vdpa v -> { }
                case NetBackend.Bridge br -> driver.unplugTap(dev, null, null);
                case NetBackend.Network net -> {
                    ActiveNetwork a = networks.activeOrNull(net.network());
                    boolean access = a != null && a.createdBridge() && n.vlan() != null && !n.vlan().trunk();
                    driver.unplugTap(dev, access ? a.bridge() : null,
                            access ? n.vlan().tags().getFirst().id() : null);
                }
                case NetBackend.Ethernet e -> {
                    if (Boolean.FALSE.equals(n.options().targetManaged())) {
                        return; // the user's tap stays
                    }
                    if (n.options().downscript() != null) {
                        runScript(n.options().downscript(), dev);
                    }
                    links.unplug(dev);
                }
                case NetBackend.Direct d -> links.unplug(dev);
            }
        } catch (RuntimeException e) {
            LOG.warning("cannot remove " + dev + ": " + e.getMessage());
        } finally {
            names.release(dev);
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
        live.devices().interfaces().forEach(this::remove);
    }
}
