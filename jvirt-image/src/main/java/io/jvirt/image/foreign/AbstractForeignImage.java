package io.jvirt.image.foreign;

import java.util.Objects;

/**
 * Shared frame of the readers: argument checks, the read loop and the merging of
 * allocation runs. A reader supplies {@link #readPiece} and {@link #runAt}, both of which
 * may stop at the next grain or block boundary.
 */
public abstract class AbstractForeignImage implements ForeignImage {

    /** How many metadata steps one {@link #extentAt} call may take before it returns. */
    static final int MAX_RUN_STEPS = 8192;

    /** The open image file. */
    protected final ImageFile file;
    private final long virtualSize;

    /**
     * Creates the frame.
     *
     * @param file        the open image, owned from now on and closed by {@link #close()}
     * @param virtualSize the guest-visible size, already validated
     */
    protected AbstractForeignImage(ImageFile file, long virtualSize) {
        this.file = Objects.requireNonNull(file, "file");
        if (virtualSize < 0 || virtualSize > MAX_VIRTUAL_SIZE) {
            throw new IllegalArgumentException("The virtual size " + virtualSize + " is outside the supported range.");
        }
        this.virtualSize = virtualSize;
    }

    @Override
    public final long virtualSize() {
        return virtualSize;
    }

    @Override
    public final int read(long offset, byte[] buf, int off, int len) throws ForeignImageException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot read at the negative offset " + offset + ".");
        }
        if (len == 0) {
            return 0;
        }
        if (offset >= virtualSize) {
            return -1;
        }
        int wanted = (int) Math.min(len, virtualSize - offset);
        int done = 0;
        while (done < wanted) {
            int n = readPiece(offset + done, buf, off + done, wanted - done);
            if (n <= 0) {
                throw new IllegalStateException("The reader made no progress at offset " + (offset + done) + ".");
            }
            done += n;
        }
        return wanted;
    }

    @Override
    public final Extent extentAt(long offset) throws ForeignImageException {
        if (offset < 0 || offset >= virtualSize) {
            throw new IllegalArgumentException("The offset " + offset + " lies outside the disk of "
                    + virtualSize + " bytes.");
        }
        Extent first = runAt(offset);
        boolean allocated = first.allocated();
        long end = Math.min(first.end(), virtualSize);
        for (int step = 0; step < MAX_RUN_STEPS && end < virtualSize; step++) {
            Extent next = runAt(end);
            if (next.allocated() != allocated) {
                break;
            }
            end = Math.min(next.end(), virtualSize);
        }
        return new Extent(offset, end - offset, allocated);
    }

    /**
     * Reads at least one byte at {@code offset}, which lies inside the disk, and at most
     * {@code len}; a piece may stop at a grain or block boundary.
     *
     * @return the number of bytes read, at least one
     */
    protected abstract int readPiece(long offset, byte[] buf, int off, int len) throws ForeignImageException;

    /**
     * Returns a run that starts at {@code offset}, which lies inside the disk, and shares its
     * allocation state; it may stop at the next grain or block boundary or pass the end of
     * the disk.
     */
    protected abstract Extent runAt(long offset) throws ForeignImageException;

    @Override
    public final void close() throws ForeignImageException {
        file.close();
    }

    /** Fills a range of {@code buf} with zeros. */
    protected static void zero(byte[] buf, int off, int len) {
        java.util.Arrays.fill(buf, off, off + len, (byte) 0);
    }
}
