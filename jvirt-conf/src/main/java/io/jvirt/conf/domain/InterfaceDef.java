package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.xml.XmlEnum;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

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
 * @param alias the {@code <alias name>}, QEMU's id of the card (and {@code host}ALIAS its back end's), or
 *     null for {@code netN} by its position; the daemon names cards in the live definition once cards
 *     come and go while the guest runs (a user alias {@code ua-...} also in a persistent one)
 */
public record InterfaceDef(NetBackend backend, String mac, Model model, Integer bootOrder, Address address,
                           String targetDev, VlanDef vlan, LinkState link, BandwidthDef bandwidth, Integer mtu,
                           String alias)
        implements DeviceDef {

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

    /** Validates and normalizes the MAC address and checks the settings against the type. */
    public InterfaceDef {
        Checks.required(backend, "The interface type");
        Checks.required(mac, "The interface MAC address");
        mac = ConfChecks.unicastMac(mac);
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
        Checks.matches(alias, ALIAS, "The interface alias");
    }

    /**
     * An interface without an alias.
     *
     * @param backend how the card reaches the outside
     * @param mac the MAC address
     * @param model the emulated card, or null
     * @param bootOrder the boot order, or null
     * @param address where the card sits, or null
     * @param targetDev the host-side device name, or null
     * @param vlan the VLAN tags, or null
     * @param link the link state, or null
     * @param bandwidth the limits, or null
     * @param mtu the MTU, or null
     */
    public InterfaceDef(NetBackend backend, String mac, Model model, Integer bootOrder, Address address,
                        String targetDev, VlanDef vlan, LinkState link, BandwidthDef bandwidth, Integer mtu) {
        this(backend, mac, model, bootOrder, address, targetDev, vlan, link, bandwidth, mtu, null);
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
        this(backend, mac, model, bootOrder, address, null, null, null, null, null);
    }

    /** Returns whether the guest sees its link up: true unless {@code <link state='down'/>}. */
    public boolean linkUp() {
        return link != LinkState.DOWN;
    }

    /**
     * Returns a copy with another host-side device name, as the daemon does when it creates the tap device.
     *
     * @param dev the interface name, or null
     * @return the copy
     */
    public InterfaceDef withTargetDev(String dev) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, dev, vlan, link, bandwidth, mtu, alias);
    }

    /**
     * Returns a copy with another link state, as {@code domif-setlink} does.
     *
     * @param state the state, or null for the default (up)
     * @return the copy
     */
    public InterfaceDef withLink(LinkState state) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, targetDev, vlan, state, bandwidth, mtu, alias);
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public InterfaceDef withAddress(Address newAddress) {
        return new InterfaceDef(backend, mac, model, bootOrder, newAddress, targetDev, vlan, link, bandwidth, mtu,
                alias);
    }

    /**
     * Returns a copy with other quality-of-service limits, as {@code domiftune} does.
     *
     * @param newBandwidth the limits, or null for none
     * @return the copy
     */
    public InterfaceDef withBandwidth(BandwidthDef newBandwidth) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, targetDev, vlan, link, newBandwidth, mtu,
                alias);
    }

    /**
     * Returns a copy with another alias (QEMU id).
     *
     * @param newAlias the alias, or null for the positional {@code netN}
     * @return the copy
     */
    public InterfaceDef withAlias(String newAlias) {
        return new InterfaceDef(backend, mac, model, bootOrder, address, targetDev, vlan, link, bandwidth, mtu,
                newAlias);
    }

    /** Returns whether the alias is a user alias ({@code ua-...}), which a persistent definition keeps. */
    public boolean hasUserAlias() {
        return alias != null && alias.startsWith("ua-");
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

    /** The {@code type} attribute of {@code <model>}: which card is emulated. */
    public enum Model implements XmlEnum {
        /** Paravirtual virtio-net. */
        VIRTIO("virtio"),
        /** Intel 82540EM. */
        E1000("e1000"),
        /** Intel 82574L. */
        E1000E("e1000e"),
        /** Realtek 8139. */
        RTL8139("rtl8139"),
        /** VMware vmxnet3. */
        VMXNET3("vmxnet3");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
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
