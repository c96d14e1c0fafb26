package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * An {@code <iommu>} device: an IOMMU the guest programs for its devices' DMA. One per domain.
 *
 * @param model the IOMMU
 * @param intremap whether it remaps interrupts (needs the split I/O APIC), or null
 * @param cachingMode whether it reports caching mode (needed to assign host devices through it), or null
 * @param eim whether extended interrupt mode is on (needs intremap), or null
 * @param iotlb whether devices get an IOTLB, or null
 * @param awBits the guest address width in bits, or null
 * @param address a PCI address for the virtio IOMMU, none for intel
 */
public record IommuDef(Model model, Boolean intremap, Boolean cachingMode, Boolean eim, Boolean iotlb,
                       Integer awBits, Address address) implements DeviceDef {

    /** Validates the settings against the model, as libvirt does. */
    public IommuDef {
        Checks.required(model, "The IOMMU model");
        Checks.range(awBits, 1, 255, "The IOMMU aw_bits");
        switch (model) {
            case INTEL -> {
                if (address != null) {
                    throw new ConfException(Kind.CONFLICT,
                            "The intel IOMMU is part of the q35 machine, not a device on a bus; remove its <address>.");
                }
            }
            case VIRTIO -> {
                if (address != null && !(address instanceof Address.Pci)) {
                    throw new ConfException(Kind.CONFLICT, "The virtio IOMMU needs a PCI address.");
                }
                if (intremap != null || cachingMode != null || eim != null || iotlb != null || awBits != null) {
                    throw new ConfException(Kind.CONFLICT, "The <driver> options intremap, caching_mode, eim, iotlb "
                            + "and aw_bits belong to the intel IOMMU, not to the virtio one.");
                }
            }
            case SMMUV3 -> throw new ConfException(Kind.UNSUPPORTED,
                    "The smmuv3 IOMMU exists only on ARM virt machines; use intel or virtio on x86.");
        }
        if (Boolean.TRUE.equals(eim) && !Boolean.TRUE.equals(intremap)) {
            throw new ConfException(Kind.CONFLICT, "IOMMU eim requires interrupt remapping; add intremap='on'.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public IommuDef withAddress(Address newAddress) {
        return new IommuDef(model, intremap, cachingMode, eim, iotlb, awBits, newAddress);
    }

    /** Returns whether a {@code <driver>} option is set. */
    public boolean hasDriver() {
        return intremap != null || cachingMode != null || eim != null || iotlb != null || awBits != null;
    }

    /** The {@code model} attribute. */
    public enum Model implements XmlEnum {
        /** Intel VT-d ({@code intel-iommu}), q35 only. */
        INTEL("intel"),
        /** ARM SMMUv3 (refused on x86). */
        SMMUV3("smmuv3"),
        /** virtio-iommu on PCI, q35 only. */
        VIRTIO("virtio");

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
