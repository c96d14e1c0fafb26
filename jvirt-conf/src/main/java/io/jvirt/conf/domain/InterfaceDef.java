package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.xml.XmlEnum;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * An {@code <interface>} device: a guest network card.
 *
 * @param backend how the card reaches the outside; decides the {@code type} attribute
 * @param mac the MAC address in lower case, such as {@code 52:54:00:12:34:56}
 * @param model the emulated card, or null for the hypervisor default
 * @param bootOrder the per-device boot order, from 1, or null
 * @param address where the card sits, or null
 * @param targetDev the host-side device name ({@code <target dev>}, such as {@code vnet0}), or null
 *     to let the host choose; names starting with {@code vnet} or {@code macvtap} are kept as given
 * @param vlan the VLAN tags for the card's traffic, or null
 * @param link the link state the guest sees ({@code <link state>}), or null for up
 * @param bandwidth the card's quality-of-service limits, or null; a {@code floor} only on type network
 * @param mtu the MTU of the host-side device and the card, or null for the default
 * @param options the less common settings (driver, ROM, teaming, script, ...)
 */
public record InterfaceDef(NetBackend backend, String mac, Model model, Integer bootOrder, Address address,
                           String targetDev, VlanDef vlan, LinkState link, BandwidthDef bandwidth, Integer mtu,
                           InterfaceOptions options)
        implements DeviceDef {

    /** Validates and normalizes the MAC address and checks the settings against the type and model. */
    public InterfaceDef {
        Checks.required(backend, "The interface type");
        Checks.required(mac, "The interface MAC address");
        mac = ConfChecks.unicastMac(mac);
        options = options == null ? InterfaceOptions.NONE : options;
        Checks.range(bootOrder, 1, 65535, "The interface boot order");
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "A network interface accepts only a pci address.");
        }
        ConfChecks.ifname(targetDev, "The interface target device");
        if (bandwidth != null && bandwidth.hasFloor() && !(backend instanceof NetBackend.Network)) {
            throw new ConfException(Kind.CONFLICT, "A bandwidth 'floor' needs an interface of type 'network', not '"
                    + backend.type() + "'.");
        }
        Checks.range(mtu, 68, 65535, "The interface MTU");
        InterfaceRules.check(backend, model, mtu, targetDev, options);
    }

    /**
     * An interface without the less common settings.
     *
     * @param backend how the card reaches the outside
     * @param mac the MAC address
     * @param model the emulated card, or null
     * @param bootOrder the boot order, or null
     * @param address where the card sits, or null
     * @param targetDev the host-side device, or null
     * @param vlan the VLAN, or null
     * @param link the link state, or null
     * @param bandwidth the limits, or null
     * @param mtu the MTU, or null
     */
    public InterfaceDef(NetBackend backend, String mac, Model model, Integer bootOrder, Address address,
                        String targetDev, VlanDef vlan, LinkState link, BandwidthDef bandwidth, Integer mtu) {
        this(backend, mac, model, bootOrder, address, targetDev, vlan, link, bandwidth, mtu, InterfaceOptions.NONE);
    }

    /**
     * An interface with only the basic settings: no target device, VLAN, link state,
     * bandwidth or MTU.
     *
     * @param backend how the card reaches the outside
     * @param mac the MAC address
     * @param model the emulated card, or null
     * @param bootOrder the boot order, or null
     * @param address where the card sits, or null
     */
    public InterfaceDef(NetBackend backend, String mac, Model model, Integer bootOrder, Address address) {
        this(backend, mac, model, bootOrder, address, null, null, null, null, null, InterfaceOptions.NONE);
    }

    /**
     * Returns the card's alias, QEMU's id of the card (and {@code host}ALIAS its back end's): a user
     * alias ({@code ua-...}) or one the daemon gave a card of a running domain, or null for
     * {@code netN} by its position.
     */
    @Override
    public String alias() {
        return options().alias();
    }

    /** Returns whether the guest sees its link up: true unless {@code <link state='down'/>}. */
    public boolean linkUp() {
        return link != LinkState.DOWN;
    }

    /** Returns whether the card is a virtio-net card (any flavour). */
    public boolean isVirtio() {
        return model != null && model.isVirtio();
    }

    /**
     * Returns a copy with another host-side device name, as the daemon does when it creates the tap device.
     *
     * @param dev the interface name, or null
     * @return the copy
     */
    public InterfaceDef withTargetDev(String dev) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, dev, vlan, link, bandwidth, mtu, options);
    }

    /**
     * Returns a copy with the host-side device and the VLAN and bandwidth applied, as the live
     * definition records them.
     *
     * @param dev the tap name
     * @param appliedVlan the VLAN applied, or null
     * @param appliedBandwidth the limits applied, or null
     * @return the copy
     */
    public InterfaceDef applied(String dev, VlanDef appliedVlan, BandwidthDef appliedBandwidth) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, dev, appliedVlan, link, appliedBandwidth, mtu,
                options);
    }

    /**
     * Returns a copy with another link state, as {@code domif-setlink} does.
     *
     * @param state the state, or null for the default (up)
     * @return the copy
     */
    public InterfaceDef withLink(LinkState state) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, targetDev, vlan, state, bandwidth, mtu,
                options);
    }

    /**
     * Returns a copy with another back end of the same type, as the host check makes when it finds
     * a card's USB device.
     *
     * @param newBackend the back end
     * @return the copy
     */
    public InterfaceDef withBackend(NetBackend newBackend) {
        return new InterfaceDef(newBackend, mac, model, bootOrder, address, targetDev, vlan, link, bandwidth, mtu,
                options);
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public InterfaceDef withAddress(Address newAddress) {
        return new InterfaceDef(backend, mac, model, bootOrder, newAddress, targetDev, vlan, link, bandwidth, mtu,
                options);
    }

    /**
     * Returns a copy with other quality-of-service limits, as {@code domiftune} does.
     *
     * @param newBandwidth the limits, or null for none
     * @return the copy
     */
    public InterfaceDef withBandwidth(BandwidthDef newBandwidth) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, targetDev, vlan, link, newBandwidth, mtu,
                options);
    }

    /**
     * Returns a copy with another alias (QEMU id).
     *
     * @param newAlias the alias, or null for the positional {@code netN}
     * @return the copy
     */
    public InterfaceDef withAlias(String newAlias) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, targetDev, vlan, link, bandwidth, mtu,
                options.toBuilder().alias(newAlias).build());
    }

    /** Returns whether the alias is a user alias ({@code ua-...}), which a persistent definition keeps. */
    public boolean hasUserAlias() {
        return options.alias() != null && options.alias().startsWith("ua-");
    }

    /**
     * Generates a MAC in QEMU's locally administered range 52:54:00:xx:xx:xx.
     *
     * @param random the random source
     * @return the address
     */
    public static String randomMac(RandomGenerator random) {
        return ConfChecks.randomMac(random);
    }

    /** The {@code type} attribute of {@code <model>}: which card is emulated (every PCI NIC of QEMU 7.2). */
    public enum Model implements XmlEnum {
        /** Paravirtual virtio-net. */
        VIRTIO("virtio", "virtio-net-pci"),
        /** virtio-net, transitional. */
        VIRTIO_TRANSITIONAL("virtio-transitional", "virtio-net-pci-transitional"),
        /** virtio-net, virtio 1.0 only. */
        VIRTIO_NON_TRANSITIONAL("virtio-non-transitional", "virtio-net-pci-non-transitional"),
        /** Intel 82540EM. */
        E1000("e1000", "e1000"),
        /** Intel 82544GC. */
        E1000_82544GC("e1000-82544gc", "e1000-82544gc"),
        /** Intel 82545EM. */
        E1000_82545EM("e1000-82545em", "e1000-82545em"),
        /** Intel 82574L. */
        E1000E("e1000e", "e1000e"),
        /** Intel i82550. */
        I82550("i82550", "i82550"),
        /** Intel i82551. */
        I82551("i82551", "i82551"),
        /** Intel i82557A. */
        I82557A("i82557a", "i82557a"),
        /** Intel i82557B. */
        I82557B("i82557b", "i82557b"),
        /** Intel i82557C. */
        I82557C("i82557c", "i82557c"),
        /** Intel i82558A. */
        I82558A("i82558a", "i82558a"),
        /** Intel i82558B. */
        I82558B("i82558b", "i82558b"),
        /** Intel i82559A. */
        I82559A("i82559a", "i82559a"),
        /** Intel i82559B. */
        I82559B("i82559b", "i82559b"),
        /** Intel i82559C. */
        I82559C("i82559c", "i82559c"),
        /** Intel i82559ER. */
        I82559ER("i82559er", "i82559er"),
        /** Intel i82562. */
        I82562("i82562", "i82562"),
        /** Intel i82801. */
        I82801("i82801", "i82801"),
        /** NE2000 on PCI. */
        NE2K_PCI("ne2k_pci", "ne2k_pci"),
        /** AMD PCnet. */
        PCNET("pcnet", "pcnet"),
        /** Realtek 8139. */
        RTL8139("rtl8139", "rtl8139"),
        /** DEC 21143 Tulip. */
        TULIP("tulip", "tulip"),
        /** VMware vmxnet3. */
        VMXNET3("vmxnet3", "vmxnet3");

        private final String xml;
        private final String device;

        Model(String xml, String device) {
            this.xml = xml;
            this.device = device;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns QEMU's device name. */
        public String device() {
            return device;
        }

        /** Returns whether this is a virtio-net card. */
        public boolean isVirtio() {
            return this == VIRTIO || this == VIRTIO_TRANSITIONAL || this == VIRTIO_NON_TRANSITIONAL;
        }

        /**
         * Finds a model by name, ignoring case as libvirt does.
         *
         * @param name the {@code <model type>}
         * @return the model, or null when QEMU 7.2 has no such PCI card
         */
        public static Model of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            for (Model m : values()) {
                if (m.xml.equals(n)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** The {@code state} attribute of {@code <link>}. */
    public enum LinkState implements XmlEnum {
        /** The guest sees a connected cable. */
        UP("up"),
        /** The guest sees an unplugged cable. */
        DOWN("down");

        private final String xml;

        LinkState(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
