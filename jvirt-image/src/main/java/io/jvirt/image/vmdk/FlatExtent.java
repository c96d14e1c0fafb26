package io.jvirt.image.vmdk;

import io.jvirt.image.Extent;
import io.jvirt.image.foreign.ImageFile;

/**
 * A {@code FLAT} or {@code VMFS} extent: guest sectors stored as raw bytes in a file,
 * starting at a sector offset. The range is checked to lie inside the file at open.
 *
 * @param file   the raw file
 * @param start  file offset of the extent's first byte
 * @param length guest bytes covered
 */
record FlatExtent(ImageFile file, long start, long length) implements VmdkExtent {

    /** Validates that the file holds the whole extent. */
    FlatExtent {
        file.require(start, length, "the flat extent");
    }

    @Override
    public int read(long offset, byte[] buf, int off, int len) {
        file.readFully(start + offset, buf, off, len, "the flat extent");
        return len;
    }

    @Override
    public Extent runAt(long offset) {
        return new Extent(offset, length - offset, Extent.Type.DATA, start + offset);
    }

    @Override
    public void close() {
        file.close();
    }
}
