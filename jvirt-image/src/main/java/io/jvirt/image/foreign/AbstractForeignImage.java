package io.jvirt.image.foreign;

import io.jvirt.image.Extent;
import java.util.Arrays;
import java.util.Objects;

/**
 * Shared frame of the readers: argument checks, the read loop and the merging of
 * allocation runs. A reader supplies {@link #readPiece} and {@link #runAt}, both of which
 * may stop at the next grain or block boundary.
 */
public abstract class AbstractForeignImage implements ForeignImage {

    /** How many metadata steps one {@link #status} call may take before it returns. */
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
    public final int read(long offset, byte[] buf, int off, int len) {
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
    public final Extent status(long offset, long maxLen) {
        if (offset < 0 || offset >= virtualSize) {
            throw new IllegalArgumentException("The offset " + offset + " lies outside the disk of "
                    + virtualSize + " bytes.");
        }
        if (maxLen <= 0) {
            throw new IllegalArgumentException("The longest run wanted must be positive, not " + maxLen + ".");
        }
        long limit = offset + Math.min(maxLen, virtualSize - offset);
        Extent first = runAt(offset);
        Extent.Type type = first.type();
        long end = Math.min(first.end(), limit);
        for (int step = 0; step < MAX_RUN_STEPS && end < limit; step++) {
            Extent next = runAt(end);
            boolean contiguous = type != Extent.Type.DATA || first.hostOffset() < 0
                    ? next.hostOffset() < 0
                    : next.hostOffset() == first.hostOffset() + (end - offset);
            if (next.type() != type || !contiguous) {
                break;
            }
            end = Math.min(next.end(), limit);
        }
        return new Extent(offset, end - offset, type, first.hostOffset());
    }

    /**
     * Reads at least one byte at {@code offset}, which lies inside the disk, and at most
     * {@code len}; a piece may stop at a grain or block boundary.
     *
     * @return the number of bytes read, at least one
     */
    protected abstract int readPiece(long offset, byte[] buf, int off, int len);

    /**
     * Returns a run that starts at {@code offset}, which lies inside the disk, and shares its
     * state and, for stored data, continues contiguously in the file; it may stop at the
     * next grain or block boundary or pass the end of the disk.
     */
    protected abstract Extent runAt(long offset);

    /** Closes the image file; readers with more files extend this. */
    @Override
    public void close() {
        file.close();
    }

    /** Fills a range of {@code buf} with zeros. */
    protected static void zero(byte[] buf, int off, int len) {
        Arrays.fill(buf, off, off + len, (byte) 0);
    }

    /** Returns a run of stored data, at {@code hostOffset} in the file or -1 if compressed. */
    protected static Extent data(long offset, long length, long hostOffset) {
        return new Extent(offset, length, Extent.Type.DATA, hostOffset);
    }

    /** Returns a run of the given non-data type. */
    protected static Extent hole(long offset, long length, Extent.Type type) {
        return new Extent(offset, length, type, -1);
    }
}
