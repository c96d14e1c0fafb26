package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <driver>} element of a disk.
 *
 * @param name the driver name, which must be {@code qemu} when given, or null
 * @param format the image format, or null to treat the image as raw
 * @param cache the cache mode, or null for the default
 * @param io the I/O mode, or null for the default
 * @param discard whether discard requests reach the image, or null
 */
public record DiskDriver(String name, Format format, Cache cache, Io io, Discard discard) {

    /** Validates the driver name. */
    public DiskDriver {
        if (name != null && !name.equals("qemu")) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The disk driver name '" + Checks.printable(name) + "' is not supported; use 'qemu'.");
        }
        if (io == Io.NATIVE && cache != Cache.NONE && cache != Cache.DIRECTSYNC) {
            throw new ConfException(Kind.CONFLICT,
                    "The disk I/O mode 'native' needs the cache mode 'none' or 'directsync'.");
        }
    }

    /** The {@code type} attribute: the image format. */
    public enum Format implements XmlEnum {
        /** Raw bytes. */
        RAW("raw"),
        /** QEMU copy-on-write v2. */
        QCOW2("qcow2"),
        /** VMware disk. */
        VMDK("vmdk"),
        /** VirtualBox disk. */
        VDI("vdi"),
        /** Hyper-V VHDX. */
        VHDX("vhdx"),
        /** Virtual PC VHD. */
        VPC("vpc"),
        /** QEMU enhanced disk. */
        QED("qed"),
        /** QEMU copy-on-write version 1. */
        QCOW("qcow");

        private final String xml;

        Format(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code cache} attribute. */
    public enum Cache implements XmlEnum {
        /** QEMU's default, writeback. */
        DEFAULT("default"),
        /** O_DIRECT, no host page cache. */
        NONE("none"),
        /** Every write is flushed. */
        WRITETHROUGH("writethrough"),
        /** Host page cache, guest flushes honoured. */
        WRITEBACK("writeback"),
        /** O_DIRECT and every write flushed. */
        DIRECTSYNC("directsync"),
        /** Host page cache, guest flushes ignored. */
        UNSAFE("unsafe");

        private final String xml;

        Cache(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code io} attribute. */
    public enum Io implements XmlEnum {
        /** A thread pool. */
        THREADS("threads"),
        /** Linux native AIO; needs cache none or directsync. */
        NATIVE("native"),
        /** io_uring. */
        IO_URING("io_uring");

        private final String xml;

        Io(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code discard} attribute. */
    public enum Discard implements XmlEnum {
        /** Discard requests free space in the image. */
        UNMAP("unmap"),
        /** Discard requests are ignored. */
        IGNORE("ignore");

        private final String xml;

        Discard(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
