package io.jvirt.conf.domain;

/**
 * A PCI device of the host, as {@code <source><address domain bus slot function>} names it.
 *
 * @param domain the PCI domain, 0 to 0xffff
 * @param bus the bus, 0 to 0xff
 * @param slot the slot, 0 to 0x1f
 * @param function the function, 0 to 7
 */
public record HostPciAddress(int domain, int bus, int slot, int function) {

    /** Validates the ranges. */
    public HostPciAddress {
        Checks.range(domain, 0, 0xffff, "The host PCI address domain");
        Checks.range(bus, 0, 0xff, "The host PCI address bus");
        Checks.range(slot, 0, 0x1f, "The host PCI address slot");
        Checks.range(function, 0, 7, "The host PCI address function");
    }

    /** Returns the name the kernel gives the device in sysfs and QEMU's {@code host=}: {@code 0000:06:12.5}. */
    public String sysfsName() {
        return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function);
    }
}
