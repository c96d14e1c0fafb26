package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * {@code <blockio logical_block_size physical_block_size>}: the sector sizes the guest sees.
 *
 * @param logicalBlockSize the logical sector size in bytes, or null
 * @param physicalBlockSize the physical sector size in bytes, or null
 */
public record DiskBlockIo(Integer logicalBlockSize, Integer physicalBlockSize) {
    /** Sizes are powers of two from 512 bytes to 2 MiB, as QEMU accepts. */
    public DiskBlockIo {
        check(logicalBlockSize, "logical_block_size");
        check(physicalBlockSize, "physical_block_size");
        if (logicalBlockSize == null && physicalBlockSize == null) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "<blockio> needs logical_block_size or physical_block_size.");
        }
    }

    private static void check(Integer size, String what) {
        if (size != null && (size < 512 || size > 2 * 1024 * 1024 || Integer.bitCount(size) != 1)) {
            throw new ConfException(Kind.INVALID_VALUE, "The blockio " + what + " must be a power of two from 512 "
                    + "bytes to 2 MiB, not " + size + ".");
        }
    }
}
