package io.jvirt.image.vmdk;

import io.jvirt.image.Extent;
import java.util.Arrays;

/**
 * A {@code ZERO} extent: guest sectors without storage that read as zeros.
 *
 * @param length guest bytes covered
 */
record ZeroExtent(long length) implements VmdkExtent {

    @Override
    public int read(long offset, byte[] buf, int off, int len) {
        Arrays.fill(buf, off, off + len, (byte) 0);
        return len;
    }

    @Override
    public Extent runAt(long offset) {
        return new Extent(offset, length - offset, Extent.Type.ZERO, -1);
    }

    @Override
    public void close() {
    }
}
