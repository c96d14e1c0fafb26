package io.jvirt.qemu.address;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.address.AddressException.Kind;

/**
 * The x86 machine families QEMU's x86 driver runs, which decide the root bus and the devices
 * built into it.
 */
public enum Chipset {
    /** i440FX + PIIX3 ({@code pc}, {@code pc-i440fx-*}): conventional PCI root {@code pci.0}, IDE and USB in slot 1. */
    I440FX,
    /** Q35 + ICH9 ({@code q35}, {@code pc-q35-*}): PCIe root {@code pcie.0}, LPC, AHCI and SMBus in slot 0x1f. */
    Q35;

    /** The machine type a definition without one gets, as libvirt gives x86_64 guests. */
    public static final String DEFAULT_MACHINE = "pc";

    /**
     * Returns the machine type a definition runs: its own, or {@link #DEFAULT_MACHINE}.
     *
     * @param def the definition
     * @return the machine type
     */
    public static String machine(DomainDef def) {
        return def.os().machine() == null ? DEFAULT_MACHINE : def.os().machine();
    }

    /**
     * Returns the chipset of a definition's machine type.
     *
     * @param def the definition
     * @return the chipset
     * @throws AddressException UNSUPPORTED for another architecture or machine type
     */
    public static Chipset of(DomainDef def) {
        String arch = def.os().arch();
        if (arch != null && !arch.equals("x86_64") && !arch.equals("i686")) {
            throw new AddressException(Kind.UNSUPPORTED,
                    "The architecture '" + arch + "' is not supported; this driver runs x86_64 guests.");
        }
        String machine = machine(def);
        if (machine.equals("q35") || machine.startsWith("pc-q35-")) {
            return Q35;
        }
        if (machine.equals("pc") || machine.startsWith("pc-i440fx-")) {
            return I440FX;
        }
        throw new AddressException(Kind.UNSUPPORTED, "The machine type '" + machine
                + "' is not supported; use q35, pc, or a versioned pc-q35-* or pc-i440fx-* type.");
    }

    /** Returns the QEMU id of the root bus: {@code pci.0} or {@code pcie.0}. */
    public String rootBus() {
        return switch (this) {
            case I440FX -> "pci.0";
            case Q35 -> "pcie.0";
        };
    }
}
