package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <shmem>} device: inter-VM shared memory (QEMU's ivshmem). An ivshmem-plain device
 * maps the host file {@code /dev/shm/NAME}; an ivshmem-doorbell device gets its memory and
 * interrupts from an ivshmem server on a unix socket.
 *
 * @param name the shared memory's name (no '/')
 * @param role master or peer, for migration, or null
 * @param model the device; libvirt's default is the legacy ivshmem, which QEMU 7.2 no longer has
 * @param sizeBytes the size in bytes, a power of two of at least 1 MiB; 4 MiB when unset for plain
 * @param server whether a doorbell server is used ({@code <server>})
 * @param serverPath the server's socket, or null for libvirt's default {@code /var/lib/libvirt/shmem-NAME-sock}
 * @param msi whether MSI interrupts are on ({@code <msi>}, set for every doorbell device)
 * @param vectors the MSI vector count, or null
 * @param ioeventfd whether MSI uses ioeventfd, or null
 * @param address where it sits, or null
 */
public record ShmemDef(String name, Role role, Model model, Long sizeBytes, boolean server, String serverPath,
                       boolean msi, Integer vectors, Boolean ioeventfd, Address address) implements DeviceDef {

    /** Validates the combination and fills in libvirt's defaults (qemuDomainShmemDefPostParse). */
    public ShmemDef {
        Checks.required(name, "The shmem name");
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new ConfException(Kind.INVALID_VALUE, "The shmem name '" + Checks.printable(name)
                    + "' is not valid; it names a file in /dev/shm and must not contain '/'.");
        }
        Checks.noControl(name, "The shmem name");
        model = model == null ? Model.IVSHMEM : model;
        Checks.path(serverPath, "The shmem server path");
        if (serverPath != null && !server) {
            throw new IllegalArgumentException("a shmem server path without a server");
        }
        if (msi && !server) {
            throw new ConfException(Kind.CONFLICT, "The shmem <msi> option works only with a <server>.");
        }
        if (model == Model.IVSHMEM) {
            throw new ConfException(Kind.UNSUPPORTED, "QEMU 7.2 no longer has the legacy ivshmem device; use "
                    + "<model type='ivshmem-plain'/>, or 'ivshmem-doorbell' with a <server>.");
        }
        if (model == Model.IVSHMEM_DOORBELL && !server) {
            throw new ConfException(Kind.CONFLICT, "The shmem model 'ivshmem-doorbell' needs a <server>.");
        }
        if (model == Model.IVSHMEM_PLAIN && server) {
            throw new ConfException(Kind.CONFLICT, "The shmem model 'ivshmem-plain' takes no <server>; use "
                    + "'ivshmem-doorbell' for a server.");
        }
        if (model == Model.IVSHMEM_DOORBELL && sizeBytes != null) {
            throw new ConfException(Kind.CONFLICT,
                    "The shmem model 'ivshmem-doorbell' gets its size from the server; remove <size>.");
        }
        if (model == Model.IVSHMEM_PLAIN && sizeBytes == null) {
            sizeBytes = 4L << 20;
        }
        if (sizeBytes != null && (sizeBytes < (1L << 20) || Long.bitCount(sizeBytes) != 1)) {
            throw new ConfException(Kind.INVALID_VALUE, "The shmem size must be a power of two of at least 1 MiB, not "
                    + sizeBytes + " bytes.");
        }
        if (server) {
            msi = true;
            ioeventfd = ioeventfd == null ? Boolean.TRUE : ioeventfd;
        }
        if (vectors != null && vectors < 1) {
            throw new ConfException(Kind.INVALID_VALUE, "The shmem MSI vector count must be at least 1.");
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "A shmem device accepts only a pci address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public ShmemDef withAddress(Address newAddress) {
        return new ShmemDef(name, role, model, sizeBytes, server, serverPath, msi, vectors, ioeventfd, newAddress);
    }

    /** Returns the server's socket: its path, or libvirt's default. */
    public String effectiveServerPath() {
        return serverPath != null ? serverPath : "/var/lib/libvirt/shmem-" + name + "-sock";
    }

    /** The {@code role} attribute. */
    public enum Role implements XmlEnum {
        /** This guest owns the memory when migrating. */
        MASTER("master"),
        /** This guest does not. */
        PEER("peer");

        private final String xml;

        Role(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code type} of {@code <model>}. */
    public enum Model implements XmlEnum {
        /** The legacy ivshmem device, gone from QEMU 4.0 on. */
        IVSHMEM("ivshmem"),
        /** Memory only. */
        IVSHMEM_PLAIN("ivshmem-plain"),
        /** Memory and interrupts from an ivshmem server. */
        IVSHMEM_DOORBELL("ivshmem-doorbell");

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
