package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HexFormat;
import java.util.Locale;
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
 */
public record InterfaceDef(NetBackend backend, String mac, Model model, Integer bootOrder, Address address) {

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    /** Validates and normalizes the MAC address. */
    public InterfaceDef {
        Checks.required(backend, "The interface type");
        Checks.required(mac, "The interface MAC address");
        mac = mac.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(mac).matches()) {
            throw new ConfException(Kind.INVALID_VALUE, "The MAC address '" + Checks.printable(mac)
                    + "' is not valid; write six hex byte pairs separated by colons, such as 52:54:00:12:34:56.");
        }
        if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The MAC address '" + mac + "' is a multicast address; a network card needs a unicast one.");
        }
        if (mac.equals("00:00:00:00:00:00")) {
            throw new ConfException(Kind.INVALID_VALUE, "The MAC address 00:00:00:00:00:00 is not allowed.");
        }
        Checks.range(bootOrder, 1, 65535, "The interface boot order");
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "A network interface accepts only a pci address.");
        }
    }

    /**
     * Generates a MAC in QEMU's locally administered range 52:54:00:xx:xx:xx.
     *
     * @param random the random source
     * @return the address
     */
    public static String randomMac(RandomGenerator random) {
        byte[] tail = new byte[3];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = (byte) random.nextInt(256);
        }
        return "52:54:00:" + HexFormat.ofDelimiter(":").formatHex(tail);
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
}
