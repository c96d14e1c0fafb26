package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <watchdog>} device: a timer the guest must keep resetting, and what happens when it
 * does not. libvirt 9.0 allows one per domain.
 *
 * @param model the emulated watchdog
 * @param action what QEMU does when it fires; libvirt's default is reset
 * @param address where it sits: a PCI address for the i6300esb, none for the others
 */
public record WatchdogDef(Model model, Action action, Address address) implements DeviceDef {

    /** Validates the model against its address, as libvirt's QEMU driver does. */
    public WatchdogDef {
        Checks.required(model, "The watchdog model");
        action = action == null ? Action.RESET : action;
        switch (model) {
            case I6300ESB -> {
                if (address != null && !(address instanceof Address.Pci)) {
                    throw new ConfException(Kind.CONFLICT, "An i6300esb watchdog can go only on the PCI bus.");
                }
            }
            case IB700, ITCO -> {
                if (address != null) {
                    throw new ConfException(Kind.CONFLICT, "An " + model.xml()
                            + " watchdog is built into the machine's ISA bus; remove its <address>.");
                }
            }
            case DIAG288 -> throw new ConfException(Kind.UNSUPPORTED, "The diag288 watchdog exists only on s390 "
                    + "guests; use i6300esb or ib700 on x86.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public WatchdogDef withAddress(Address newAddress) {
        return new WatchdogDef(model, action, newAddress);
    }

    /** The {@code model} attribute. */
    public enum Model implements XmlEnum {
        /** Intel 6300ESB, a PCI device. */
        I6300ESB("i6300esb"),
        /** iBASE 700, an ISA device. */
        IB700("ib700"),
        /** The TCO watchdog built into the q35's ICH9 (libvirt 9.1's model, no device of its own). */
        ITCO("itco"),
        /** The s390 diagnose 288 watchdog (refused on x86). */
        DIAG288("diag288");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code action} attribute: QEMU's {@code -watchdog-action}. */
    public enum Action implements XmlEnum {
        /** Reset the guest (libvirt's default). */
        RESET("reset"),
        /** Press the ACPI power button. */
        SHUTDOWN("shutdown"),
        /** Power off at once. */
        POWEROFF("poweroff"),
        /** Pause the guest. */
        PAUSE("pause"),
        /** Do nothing. */
        NONE("none"),
        /** Dump the guest's memory, then go on (libvirt writes the dump; jvirt refuses it at start). */
        DUMP("dump"),
        /** Inject a non-maskable interrupt. */
        INJECT_NMI("inject-nmi");

        private final String xml;

        Action(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
