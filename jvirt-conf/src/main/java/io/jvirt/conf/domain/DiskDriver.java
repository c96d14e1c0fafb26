package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <driver>} element of a disk, without the image format (which belongs to the
 * disk's {@link StorageSource}, as in libvirt, and is written as this element's {@code type}).
 *
 * @param name the driver name, {@code qemu} (filled in when absent)
 * @param cache the cache mode, or null for QEMU's default (writeback)
 * @param errorPolicy what a write error does, or null (report)
 * @param rerrorPolicy what a read error does, or null (as for writes)
 * @param io the I/O mode, or null for the default
 * @param ioeventfd whether virtio-blk notifies through an ioeventfd, or null
 * @param eventIdx whether virtio-blk uses event indexes, or null
 * @param copyOnRead whether reads are copied into the top image, or null
 * @param discard whether discard requests reach the image, or null
 * @param iothread the IOThread serving a virtio disk, from 1, or null
 * @param detectZeroes whether writes of zeros are detected, or null
 * @param queues the number of virtio-blk queues, or null
 * @param queueSize the size of each virtio-blk queue, or null
 * @param virtio the virtio options
 */
public record DiskDriver(String name, Cache cache, ErrorPolicy errorPolicy, ErrorPolicy rerrorPolicy, Io io,
                         Boolean ioeventfd, Boolean eventIdx, Boolean copyOnRead, Discard discard, Integer iothread,
                         DetectZeroes detectZeroes, Integer queues, Integer queueSize, VirtioOptions virtio) {

    /** The driver libvirt fills in for a disk without {@code <driver>}. */
    public static final DiskDriver QEMU = new DiskDriver("qemu", null, null, null, null, null, null, null, null,
            null, null, null, null, VirtioOptions.NONE);

    /** Validates the name and the values. */
    public DiskDriver {
        name = name == null ? "qemu" : name;
        if (!name.equals("qemu")) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The disk driver name '" + Checks.printable(name) + "' is not supported; use 'qemu'.");
        }
        if (rerrorPolicy == ErrorPolicy.ENOSPACE) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The disk read error policy cannot be 'enospace', which applies to writes only.");
        }
        Checks.range(iothread, 1, Integer.MAX_VALUE, "The disk iothread");
        Checks.range(queues, 1, 1024, "The disk queue count");
        Checks.range(queueSize, 1, 1024, "The disk queue size");
        if (queueSize != null && Integer.bitCount(queueSize) != 1) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The disk queue size must be a power of two, not " + queueSize + ".");
        }
        virtio = virtio == null ? VirtioOptions.NONE : virtio;
    }

    /**
     * A driver with the common settings only.
     *
     * @param cache the cache mode, or null
     * @param io the I/O mode, or null
     * @param discard the discard mode, or null
     * @return the driver
     */
    public static DiskDriver of(Cache cache, Io io, Discard discard) {
        return new DiskDriver("qemu", cache, null, null, io, null, null, null, discard, null, null, null, null, null);
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

        /** Returns whether the guest sees a write cache it must flush (QEMU's {@code write-cache}). */
        public boolean writeCache() {
            return switch (this) {
                case DEFAULT, NONE, WRITEBACK, UNSAFE -> true;
                case WRITETHROUGH, DIRECTSYNC -> false;
            };
        }

        /** Returns whether the host page cache is bypassed ({@code cache.direct}). */
        public boolean direct() {
            return switch (this) {
                case NONE, DIRECTSYNC -> true;
                case DEFAULT, WRITEBACK, WRITETHROUGH, UNSAFE -> false;
            };
        }
    }

    /** The {@code error_policy} and {@code rerror_policy} attributes. */
    public enum ErrorPolicy implements XmlEnum {
        /** Pause the guest. */
        STOP("stop"),
        /** Report the error to the guest. */
        REPORT("report"),
        /** Ignore the error. */
        IGNORE("ignore"),
        /** Pause on a full host file system, report other errors (writes only). */
        ENOSPACE("enospace");

        private final String xml;

        ErrorPolicy(String xml) {
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

    /** The {@code detect_zeroes} attribute. */
    public enum DetectZeroes implements XmlEnum {
        /** No detection. */
        OFF("off"),
        /** Writes of zeros become zero writes. */
        ON("on"),
        /** Writes of zeros become discards when discard is unmap. */
        UNMAP("unmap");

        private final String xml;

        DetectZeroes(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
