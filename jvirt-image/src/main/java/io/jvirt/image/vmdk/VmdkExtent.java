package io.jvirt.image.vmdk;

import io.jvirt.image.Extent;

/**
 * One extent of a VMDK disk: a run of guest sectors stored in a sparse file, a flat
 * (raw) file, or nowhere (reads as zeros). Offsets are relative to the extent's start.
 */
sealed interface VmdkExtent permits SparseExtent, FlatExtent, ZeroExtent {

    /** Returns the guest bytes the extent covers. */
    long length();

    /**
     * Reads at least one and at most {@code len} bytes at {@code offset}, which lies inside
     * the extent; the caller keeps {@code offset + len} inside it too.
     *
     * @return the number of bytes read
     */
    int read(long offset, byte[] buf, int off, int len);

    /** Returns a run starting at {@code offset}, which may pass the end of the extent. */
    Extent runAt(long offset);

    /** Closes the file behind the extent, if any. */
    void close();
}
