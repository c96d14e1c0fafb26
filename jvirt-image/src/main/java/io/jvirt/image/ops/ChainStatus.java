package io.jvirt.image.ops;

import io.jvirt.image.DiskImage;
import io.jvirt.image.Extent;

/**
 * Allocation status through a backing chain, as qemu-img map reports it.
 *
 * @param offset guest offset
 * @param length length
 * @param depth chain depth of the layer that decided (0 = top)
 * @param present whether some layer allocates the range
 * @param zero whether it reads as zeroes without stored data
 * @param data whether stored data backs it
 * @param hostOffset file offset of the data, or -1
 * @param file the layer holding it
 */
public record ChainStatus(long offset, long length, int depth, boolean present, boolean zero, boolean data,
        long hostOffset, DiskImage file) {

    /**
     * Looks up the chain at an offset.
     *
     * @param top top image
     * @param offset guest offset below its size
     * @param maxLen longest answer wanted
     * @return the status
     */
    public static ChainStatus at(DiskImage top, long offset, long maxLen) {
        DiskImage img = top;
        long len = Math.min(maxLen, top.virtualSize() - offset);
        int depth = 0;
        while (true) {
            Extent e = img.status(offset, len);
            len = e.length();
            switch (e.type()) {
                case DATA -> {
                    return new ChainStatus(offset, len, depth, true, false, true, e.hostOffset(), img);
                }
                case ZERO -> {
                    return new ChainStatus(offset, len, depth, true, true, false,
                            img.format() == io.jvirt.image.ImageFormat.RAW ? offset : -1, img);
                }
                case UNALLOCATED -> {
                    DiskImage b = img.backing().orElse(null);
                    if (b == null || offset >= b.virtualSize()) {
                        return new ChainStatus(offset, len, depth, false, true, false, -1, img);
                    }
                    len = Math.min(len, b.virtualSize() - offset);
                    img = b;
                    depth++;
                }
            }
        }
    }
}
