package io.jvirt.qemu.qmp;

import java.util.Objects;

/**
 * A block node to add at run time ({@code blockdev-add}): a file's
 * protocol node and a qcow2 or raw format node over it. Options QEMU defaults are left out.
 */
public sealed interface BlockNode {
    /** The node's name: letters, digits, {@code -}, {@code .} and {@code _}, at most 31, starting with a letter. */
    String nodeName();

    /**
     * How a node uses the host's page cache, as the disk's {@code cache} mode maps to QEMU's
     * {@code cache.direct} and {@code cache.no-flush}.
     *
     * @param direct O_DIRECT (no host page cache)
     * @param noFlush ignore flushes (cache=unsafe)
     */
    record Cache(boolean direct, boolean noFlush) {
        /** QEMU's default, writeback: the page cache, flushes honoured. */
        public static final Cache WRITEBACK = new Cache(false, false);
    }

    /**
     * A local file ({@code driver=file}).
     *
     * @param nodeName the node's name
     * @param filename the file
     * @param cache the cache mode
     * @param aio the I/O mode ({@code threads}, {@code native}, {@code io_uring}), or null for QEMU's default
     * @param readOnly whether the node is opened read-only
     */
    record File(String nodeName, String filename, Cache cache, String aio, boolean readOnly) implements BlockNode {
        /** Checks that the parts are present. */
        public File {
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(cache, "cache");
        }
    }

    /**
     * A qcow2 image over a protocol node ({@code driver=qcow2}).
     *
     * @param nodeName the node's name
     * @param file the protocol node below it
     * @param backing what its backing is
     * @param cache the cache mode
     * @param readOnly whether the node is opened read-only
     * @param discard {@code unmap} or {@code ignore}, or null for QEMU's default
     */
    record Qcow2(String nodeName, String file, Backing backing, Cache cache, boolean readOnly, String discard)
            implements BlockNode {
        /** Checks that the parts are present. */
        public Qcow2 {
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(backing, "backing");
            Objects.requireNonNull(cache, "cache");
        }
    }

    /**
     * A raw image over a protocol node ({@code driver=raw}): a block copy's destination in raw
     * format.
     *
     * @param nodeName the node's name
     * @param file the protocol node below it
     * @param cache the cache mode
     * @param readOnly whether the node is opened read-only
     */
    record Raw(String nodeName, String file, Cache cache, boolean readOnly) implements BlockNode {
        /** Checks that the parts are present. */
        public Raw {
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(cache, "cache");
        }
    }

    /** The backing of a format node. */
    sealed interface Backing {
        /** No backing now: {@code blockdev-snapshot} attaches one to a new overlay. */
        record None() implements Backing { }

        /** The node named. */
        record Node(String nodeName) implements Backing { }

        /** What the image's header names, opened by QEMU. */
        record FromImage() implements Backing { }
    }
}
