package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <panic>} device: how the guest tells the host it crashed, which then triggers
 * {@code <on_crash>}.
 *
 * @param model the kind of notifier; x86 guests default to isa, as libvirt does
 * @param address an ISA address ({@code iobase}) for isa, a PCI address for pvpanic, none for hyperv
 */
public record PanicDef(Model model, Address address) implements DeviceDef {

    /** Validates the model against its address, as libvirt's QEMU driver does. */
    public PanicDef {
        model = model == null ? Model.ISA : model;
        switch (model) {
            case ISA -> {
                if (address != null && !(address instanceof Address.Isa)) {
                    throw new ConfException(Kind.CONFLICT, "A panic device of model 'isa' takes only an ISA address.");
                }
            }
            case PVPANIC -> {
                if (address != null && !(address instanceof Address.Pci)) {
                    throw new ConfException(Kind.CONFLICT,
                            "A panic device of model 'pvpanic' sits on PCI and takes only a PCI address.");
                }
            }
            case HYPERV -> {
                if (address != null) {
                    throw new ConfException(Kind.CONFLICT, "A panic device of model 'hyperv' is a CPU feature, not a "
                            + "device on a bus; remove its <address>.");
                }
            }
            case PSERIES, S390 -> throw new ConfException(Kind.UNSUPPORTED, "The panic model '" + model.xml()
                    + "' exists only on " + (model == Model.PSERIES ? "pSeries" : "s390")
                    + " guests; use isa, hyperv or pvpanic on x86.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public PanicDef withAddress(Address newAddress) {
        return new PanicDef(model, newAddress);
    }

    /** The {@code model} attribute. */
    public enum Model implements XmlEnum {
        /** QEMU's pvpanic ISA device (I/O port 0x505 by default). */
        ISA("isa"),
        /** The Hyper-V crash MSRs ({@code hv-crash} on the CPU). */
        HYPERV("hyperv"),
        /** QEMU's pvpanic-pci device (libvirt 9.1's model). */
        PVPANIC("pvpanic"),
        /** pSeries firmware (refused on x86). */
        PSERIES("pseries"),
        /** s390 (refused on x86). */
        S390("s390");

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
