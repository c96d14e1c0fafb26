package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Reads {@code --network} options into network cards, and picks the card virt-install adds when
 * none is given: the {@code default} network when it is defined (the executor starts it when it is
 * inactive), else user networking. The model defaults to what the OS supports (virtio, else e1000e
 * on q35, else e1000); a MAC is drawn when none is given.
 */
final class NetworkOptions {
    private static final SubKey.YesNo TRUST = SubKey.yesNo("trustguestrxfilters");
    private static final SubKey.Choice VHOSTUSER_MODE = SubKey.oneOf(Set.of("client", "server"), "source.mode",
            "source_mode");
    /** The children after the card's model, in libvirt's order. */
    private static final SubTable<XmlOut> CARD = SubTable.element()
            .add(SubKey.text("filterref", "filterref.filter"), SubTable.child("filterref", "filter"))
            .add(SubKey.yesNo("rom.bar", "rom_bar"), (x, v) -> x.child(XmlOut.element("rom").onOff("bar", v)))
            .add(SubKey.number(68, 65535, "mtu.size", "mtu"), SubTable.child("mtu", "size"))
            .add(SubKey.oneOf(Set.of("up", "down"), "link.state", "link_state"), SubTable.child("link", "state"))
            .build();
    private static final SubTable<XmlOut> DRIVER = SubTable.element()
            .add(SubKey.text("driver.name", "driver_name"), SubTable.attr("name"))
            .add(SubKey.number(1, 256, "driver.queues", "driver_queues"), SubTable.attr("queues"))
            .build();
    private static final SubKey.Number BOOT_ORDER = SubKey.number(1, 65535, "boot.order", "boot_order");

    private final GuestSpec g;
    private final HostFacts host;
    private final Problems p;
    private final RandomGenerator random;

    NetworkOptions(GuestSpec g, HostFacts host, Problems p, RandomGenerator random) {
        this.g = g;
        this.host = host;
        this.p = p;
        this.random = random;
    }

    /**
     * {@code --network network=NAME|bridge=BR|user|type=direct,source=IF|vhostuser,source.path=|none,model=,mac=,
     * link.state=,portgroup=,boot.order=}.
     */
    void network(String text) {
        SubOptions o = SubOptions.parse("--network", text);
        String bare = o.bare();
        String type = o.get("type");
        String network = o.get("network");
        String bridge = o.get("bridge");
        String source = o.get("source");
        if (bare != null) {
            if (bare.startsWith("network:")) {
                network = bare.substring(8);
            } else if (bare.startsWith("bridge:")) {
                bridge = bare.substring(7);
            } else if (bare.equals("none")) {
                o.reportUnused(p);
                return;
            } else if (Set.of("user", "network", "bridge", "direct", "vhostuser").contains(bare)) {
                type = bare;
            } else {
                network = bare;
            }
        }
        if (type == null) {
            type = network != null ? "network" : bridge != null ? "bridge" : source != null ? "direct" : "network";
        }
        XmlOut x = XmlOut.element("interface").attr("type", type);
        x.yesNo("trustGuestRxFilters", TRUST.read(o, p));
        switch (type) {
            case "network" -> {
                String net = network != null ? network : source != null ? source : "default";
                if (host.network(net) == null) {
                    p.add(InstallException.Kind.NOT_FOUND, "The network '" + net
                            + "' does not exist; list networks with jvirt net-list --all.");
                }
                x.child(XmlOut.element("source").attr("network", net).attr("portgroup", o.get("portgroup")));
            }
            case "bridge" -> x.child(XmlOut.element("source").attr("bridge", bridge != null ? bridge : source));
            case "direct" -> {
                if (source == null) {
                    p.bad("--network type=direct needs source=INTERFACE, the host interface to attach to.");
                }
                x.child(XmlOut.element("source").attr("dev", source).attr("mode", o.get("source.mode", "source_mode")));
            }
            case "user" -> {
                // user networking has no source
            }
            case "vhostuser" -> {
                String path = o.get("source.path", "source_path");
                if (path == null) {
                    p.bad("--network vhostuser needs source.path=SOCKET, the vhost-user switch's socket.");
                }
                String sourceType = o.get("source.type", "source_type");
                x.child(XmlOut.element("source").attr("type", sourceType == null ? "unix" : sourceType)
                        .attr("path", path).attr("mode", VHOSTUSER_MODE.read(o, p)));
                g.sharedMemoryUsers.add("a vhost-user network card");
            }
            default -> p.bad("--network type='" + type + "' is not supported; use network, bridge, user, direct or "
                    + "vhostuser.");
        }
        String mac = o.get("mac", "mac.address");
        x.child(XmlOut.element("mac").attr("address", mac == null || mac.equals("RANDOM") ? randomMac() : mac));
        String model = o.get("model", "model.type");
        x.child(XmlOut.element("model").attr("type", model != null ? model : defaultNicModel()));
        CARD.fill(o, p, x);
        XmlOut driver = DRIVER.fill(o, p, XmlOut.element("driver"));
        x.child(driver.isEmpty() ? null : driver);
        Long order = BOOT_ORDER.read(o, p);
        if (order != null) {
            x.child(XmlOut.element("boot").attr("order", order));
            g.bootOrderOnDevices = true;
        }
        o.reportUnused(p);
        g.add("interface", x);
    }

    /** The NIC virt-install gives when no network option is given: the default network, else user networking. */
    void defaultNetwork() {
        HostFacts.NetworkFact def = host.network("default");
        XmlOut x;
        if (def != null) {
            x = XmlOut.element("interface").attr("type", "network")
                    .child(XmlOut.element("source").attr("network", "default"));
        } else {
            x = XmlOut.element("interface").attr("type", "user");
        }
        x.child(XmlOut.element("mac").attr("address", randomMac()));
        x.child(XmlOut.element("model").attr("type", defaultNicModel()));
        g.add("interface", x);
    }

    String defaultNicModel() {
        if (g.os.virtioNet()) {
            return "virtio";
        }
        if (g.q35()) {
            return "e1000e";
        }
        return "e1000";
    }

    private String randomMac() {
        return String.format("52:54:00:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }
}
