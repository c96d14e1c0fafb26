package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <memory>} device: memory plugged into a slot of {@code <maxMemory>}, backed by host
 * memory ({@code pc-dimm}, {@code virtio-mem-pci}) or by a file ({@code nvdimm},
 * {@code virtio-pmem-pci}). Intel SGX EPC sections ({@code sgx-epc}) are not supported.
 *
 * @param model the kind of memory device
 * @param access shared or private host mapping, or null
 * @param discard whether freed memory is discarded, or null
 * @param source where the memory comes from
 * @param target what the guest sees
 * @param dimm the {@code <address type='dimm'>}, or null
 * @param address the PCI address of a virtio model, or null
 */
public record MemoryDeviceDef(Model model, MemoryBackingDef.Access access, Boolean discard, Source source,
                              Target target, Dimm dimm, Address address) implements DeviceDef {

    /** Validates the model's rules (libvirt's {@code virDomainMemoryDefValidate}). */
    public MemoryDeviceDef {
        Checks.required(model, "The memory device model");
        source = source == null ? Source.NONE : source;
        Checks.required(target, "The memory device <target>");
        boolean virtio = model == Model.VIRTIO_MEM || model == Model.VIRTIO_PMEM;
        if (dimm != null && virtio) {
            throw new ConfException(Kind.INVALID_VALUE, "A " + model.xml() + " device takes a pci address, not dimm.");
        }
        if (address != null && (!virtio || !(address instanceof Address.Pci))) {
            throw new ConfException(Kind.INVALID_VALUE, "A " + model.xml() + " memory device takes "
                    + (virtio ? "a pci" : "a dimm") + " address.");
        }
        switch (model) {
            case DIMM -> {
                // host memory, optionally huge pages from given host nodes
            }
            case NVDIMM -> {
                if (source.path() == null) {
                    throw new ConfException(Kind.MISSING_VALUE, "An nvdimm memory device needs a <source><path>.");
                }
                if (Boolean.TRUE.equals(discard)) {
                    throw new ConfException(Kind.CONFLICT, "An nvdimm memory device does not support discard.");
                }
                if (target.labelKiB() != null && (target.labelKiB() < 128 || target.labelKiB() >= target.sizeKiB())) {
                    throw new ConfException(Kind.INVALID_VALUE, "The nvdimm label size must be at least 128 KiB "
                            + "and smaller than the device.");
                }
            }
            case VIRTIO_PMEM -> {
                if (source.path() == null) {
                    throw new ConfException(Kind.MISSING_VALUE, "A virtio-pmem memory device needs a <source><path>.");
                }
                if (Boolean.TRUE.equals(discard)) {
                    throw new ConfException(Kind.CONFLICT, "A virtio-pmem memory device does not support discard.");
                }
                if (access != MemoryBackingDef.Access.SHARED) {
                    throw new ConfException(Kind.MISSING_VALUE, "A virtio-pmem memory device needs access='shared'.");
                }
                if (target.node() != null) {
                    throw new ConfException(Kind.CONFLICT, "A virtio-pmem memory device belongs to no NUMA node; "
                            + "remove its <node>.");
                }
            }
            case VIRTIO_MEM -> {
                long block = target.blockKiB() == null ? 0 : target.blockKiB();
                long requested = target.requestedKiB() == null ? 0 : target.requestedKiB();
                if (requested > target.sizeKiB()) {
                    throw new ConfException(Kind.CONFLICT, "The requested size of a virtio-mem device must not be "
                            + "more than its size (" + target.sizeKiB() + " KiB).");
                }
                if (block < 2048 || Long.bitCount(block) != 1) {
                    throw new ConfException(Kind.INVALID_VALUE, "The block size of a virtio-mem device must be a "
                            + "power of two of at least 2048 KiB.");
                }
                if (requested % block != 0) {
                    throw new ConfException(Kind.INVALID_VALUE, "The requested size of a virtio-mem device must be "
                            + "a whole number of blocks.");
                }
            }
        }
    }

    /**
     * Returns a copy at another address: a PCI address for a virtio model.
     *
     * @param newAddress the address
     * @return the copy
     */
    public MemoryDeviceDef withAddress(Address newAddress) {
        return new MemoryDeviceDef(model, access, discard, source, target, dimm, newAddress);
    }

    /** Returns whether the device sits on PCI (virtio-mem, virtio-pmem). */
    public boolean onPci() {
        return model == Model.VIRTIO_MEM || model == Model.VIRTIO_PMEM;
    }

    /** The {@code model} attribute. */
    public enum Model implements XmlEnum {
        /** A DIMM of host memory ({@code pc-dimm}). */
        DIMM("dimm"),
        /** An NVDIMM backed by a file ({@code nvdimm}). */
        NVDIMM("nvdimm"),
        /** A virtio persistent memory device backed by a file ({@code virtio-pmem-pci}). */
        VIRTIO_PMEM("virtio-pmem"),
        /** A virtio memory device the guest resizes in blocks ({@code virtio-mem-pci}). */
        VIRTIO_MEM("virtio-mem");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <source>}: for dimm and virtio-mem the page size and host nodes; for nvdimm and
     * virtio-pmem the backing file.
     *
     * @param pagesizeKiB the huge page size, or null
     * @param nodemask the host NUMA nodes, or null
     * @param path the backing file, or null
     * @param alignsizeKiB the backing file's alignment (nvdimm), or null
     * @param pmem whether the file is real persistent memory (nvdimm {@code <pmem/>})
     */
    public record Source(Long pagesizeKiB, CpuSet nodemask, String path, Long alignsizeKiB, boolean pmem) {
        /** No source. */
        public static final Source NONE = new Source(null, null, null, null, false);

        /** Checks the path. */
        public Source {
            Checks.path(path, "The memory device source path");
        }

        /** Returns whether nothing is given. */
        public boolean isEmpty() {
            return equals(NONE);
        }
    }

    /**
     * The {@code <target>}.
     *
     * @param sizeKiB the size
     * @param node the guest NUMA cell, or null
     * @param labelKiB the nvdimm label size, or null
     * @param readonly whether an nvdimm is read-only
     * @param blockKiB the virtio-mem block size, or null
     * @param requestedKiB the virtio-mem size plugged at boot, or null
     */
    public record Target(long sizeKiB, Integer node, Long labelKiB, boolean readonly, Long blockKiB,
                         Long requestedKiB) {
        /** Checks the size. */
        public Target {
            if (sizeKiB <= 0) {
                throw new ConfException(Kind.INVALID_VALUE, "A memory device needs a size above 0.");
            }
        }
    }

    /**
     * {@code <address type='dimm'>}.
     *
     * @param slot the slot, or null
     * @param base the guest physical address, or null
     */
    public record Dimm(Integer slot, Long base) {
    }
}
