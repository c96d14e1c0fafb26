package io.jvirt.conf.domain;

import java.util.regex.Pattern;

/**
 * A device {@code <address>}: where the device sits on its bus. Kept exactly as written so
 * that a guest's hardware layout does not change between starts.
 */
public sealed interface Address {

    /** Returns the address as a phrase for messages, such as {@code PCI address 0000:00:02.0}. */
    default String describe() {
        return switch (this) {
            case Pci p -> String.format("PCI address %04x:%02x:%02x.%x", p.domain(), p.bus(), p.slot(), p.function());
            case Drive d -> "drive address controller " + d.controller() + ", bus " + d.bus() + ", target "
                    + d.target() + ", unit " + d.unit();
            case VirtioSerial v -> "virtio-serial address controller " + v.controller() + ", bus " + v.bus()
                    + ", port " + v.port();
            case Usb u -> u.port() == null ? "USB address bus " + u.bus()
                    : "USB address bus " + u.bus() + ", port " + u.port();
            case Isa i -> "ISA address" + (i.iobase() == null ? "" : String.format(" iobase 0x%x", i.iobase()))
                    + (i.irq() == null ? "" : String.format(" irq 0x%x", i.irq()));
            case Ccid c -> "CCID address controller " + c.controller() + ", slot " + c.slot();
            case Unassigned u -> "unassigned address";
        };
    }

    /**
     * {@code <address type='pci'>}.
     *
     * @param domain the PCI domain, 0 to 0xffff
     * @param bus the bus, 0 to 0xff
     * @param slot the slot, 0 to 0x1f
     * @param function the function, 0 to 7
     * @param multifunction whether the slot has several functions, or null
     */
    record Pci(int domain, int bus, int slot, int function, Boolean multifunction) implements Address {
        /** Validates the ranges. */
        public Pci {
            Checks.range(domain, 0, 0xffff, "The PCI address domain");
            Checks.range(bus, 0, 0xff, "The PCI address bus");
            Checks.range(slot, 0, 0x1f, "The PCI address slot");
            Checks.range(function, 0, 7, "The PCI address function");
        }

        /**
         * Returns whether this is {@code <address type='pci'/>} with no position (all zero):
         * libvirt reads it as "on PCI, wherever there is room", to be assigned.
         */
        public boolean isEmpty() {
            return domain == 0 && bus == 0 && slot == 0 && function == 0;
        }

        /**
         * Returns the same slot and function with another multifunction flag.
         *
         * @param multi the flag, or null
         * @return the copy
         */
        public Pci withMultifunction(Boolean multi) {
            return new Pci(domain, bus, slot, function, multi);
        }
    }

    /**
     * {@code <address type='drive'>}: a position on a disk controller.
     *
     * @param controller the controller index
     * @param bus the bus on the controller
     * @param target the target on the bus
     * @param unit the unit on the target
     */
    record Drive(int controller, int bus, int target, int unit) implements Address {
        /** Validates the ranges. */
        public Drive {
            Checks.range(controller, 0, 65535, "The drive address controller");
            Checks.range(bus, 0, 65535, "The drive address bus");
            Checks.range(target, 0, 65535, "The drive address target");
            Checks.range(unit, 0, 65535, "The drive address unit");
        }
    }

    /**
     * {@code <address type='virtio-serial'>}: a port on a virtio-serial controller.
     *
     * @param controller the controller index
     * @param bus the bus, always 0 in practice
     * @param port the port number, from 1
     */
    record VirtioSerial(int controller, int bus, int port) implements Address {
        /** Validates the ranges. */
        public VirtioSerial {
            Checks.range(controller, 0, 65535, "The virtio-serial address controller");
            Checks.range(bus, 0, 65535, "The virtio-serial address bus");
            Checks.range(port, 0, 65535, "The virtio-serial address port");
        }
    }

    /**
     * {@code <address type='usb'>}.
     *
     * @param bus the USB bus (controller index)
     * @param port the port path such as {@code 1} or {@code 1.2} (a port of a hub on port 1), or
     *     null for "any free port on this bus", to be assigned
     */
    record Usb(int bus, String port) implements Address {
        private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,2}(\\.[1-9][0-9]{0,2}){0,3}");

        /** Validates the port. */
        public Usb {
            Checks.range(bus, 0, 65535, "The USB address bus");
            Checks.matches(port, PORT, "The USB address port");
        }

        /** Returns the port path as numbers, such as [1, 2] for {@code 1.2}; empty without a port. */
        public int[] portPath() {
            if (port == null) {
                return new int[0];
            }
            String[] parts = port.split("\\.");
            int[] path = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                path[i] = Integer.parseInt(parts[i]);
            }
            return path;
        }
    }

    /**
     * {@code <address type='isa'>}: an I/O port and interrupt on the ISA bus, kept as given
     * (libvirt never assigns one; QEMU picks the standard ones).
     *
     * @param iobase the first I/O port, or null
     * @param irq the interrupt line, or null
     */
    record Isa(Integer iobase, Integer irq) implements Address {
        /** Validates the ranges. */
        public Isa {
            Checks.range(iobase, 0, 0xffff, "The ISA address iobase");
            Checks.range(irq, 0, 0xff, "The ISA address irq");
        }
    }

    /**
     * {@code <address type='ccid'>}: a slot of a smartcard reader (a {@code ccid} controller).
     *
     * @param controller the ccid controller index
     * @param slot the slot
     */
    record Ccid(int controller, int slot) implements Address {
        /** Validates the ranges. */
        public Ccid {
            Checks.range(controller, 0, 65535, "The CCID address controller");
            Checks.range(slot, 0, 65535, "The CCID address slot");
        }
    }

    /**
     * {@code <address type='unassigned'/>}: a PCI host device that is taken from the host (bound
     * to VFIO) but not given to the guest, as libvirt has it; only PCI host devices take it.
     */
    record Unassigned() implements Address {
    }
}
