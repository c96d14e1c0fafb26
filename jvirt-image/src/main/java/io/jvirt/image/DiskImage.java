package io.jvirt.image;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An open disk image. Reads see the whole backing chain; writes go to this layer.
 * Implementations are not thread-safe unless stated; callers serialize access.
 */
public interface DiskImage extends AutoCloseable {

    /** @return the image file */
    Path path();

    /** @return the format */
    ImageFormat format();

    /** @return the guest-visible size in bytes */
    long virtualSize();

    /** @return whether writes are refused */
    boolean readOnly();

    /**
     * Reads guest bytes, following the backing chain; unallocated ranges read as zeroes.
     *
     * @param offset guest offset
     * @param buf destination
     * @param off offset in {@code buf}
     * @param len number of bytes; offset + len must not pass the virtual size
     */
    void read(long offset, byte[] buf, int off, int len);

    /**
     * Writes guest bytes to this layer.
     *
     * @param offset guest offset
     * @param buf source
     * @param off offset in {@code buf}
     * @param len number of bytes
     */
    void write(long offset, byte[] buf, int off, int len);

    /**
     * Reads guest bytes into the remaining space of {@code dst} (from its position to its
     * limit; the position ends at the limit). Formats whose data lies in the file as it is
     * read straight into a direct buffer, without the JDK's copy through a temporary one.
     *
     * @param offset guest offset
     * @param dst destination
     */
    default void read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        if (dst.hasArray()) {
            read(offset, dst.array(), dst.arrayOffset() + dst.position(), len);
        } else {
            byte[] tmp = new byte[len];
            read(offset, tmp, 0, len);
            dst.put(dst.position(), tmp);
        }
        dst.position(dst.limit());
    }

    /**
     * Writes the remaining bytes of {@code src} (from its position to its limit; the position
     * ends at the limit) to this layer, straight from a direct buffer where the format allows.
     *
     * @param offset guest offset
     * @param src source
     */
    default void write(long offset, ByteBuffer src) {
        int len = src.remaining();
        if (src.hasArray()) {
            write(offset, src.array(), src.arrayOffset() + src.position(), len);
        } else {
            byte[] tmp = new byte[len];
            src.get(src.position(), tmp);
            write(offset, tmp, 0, len);
        }
        src.position(src.limit());
    }

    /**
     * Makes a range read as zeroes, deallocating where the format allows.
     *
     * @param offset guest offset
     * @param len length in bytes
     */
    void writeZeroes(long offset, long len);

    /**
     * Describes this layer (not the backing chain) from {@code offset} on.
     *
     * @param offset guest offset below the virtual size
     * @param maxLen the longest extent wanted
     * @return the extent starting at offset, at most maxLen long
     */
    Extent status(long offset, long maxLen);

    /** @return the opened backing image, if any */
    Optional<DiskImage> backing();

    /** @return what qemu-img info would print */
    ImageInfo info();

    /** @return internal snapshots (empty for formats without them) */
    default List<SnapshotInfo> snapshots() {
        return List.of();
    }

    /**
     * Makes every write so far durable: data and metadata are on the disk (fsync'd) when this
     * returns, for every format. A crash afterwards loses none of it. Read-only images have
     * nothing to do.
     */
    void flush();

    /**
     * Hands whatever this image caches in memory to the operating system, in an order that
     * keeps the image consistent on the disk, without waiting for the disk: other readers of
     * the file see every write so far, but a crash may lose the latest ones. Cheaper than
     * {@link #flush}; use it only where durability is not promised. The default is
     * {@link #flush}, right for any format.
     */
    default void writeCaches() {
        flush();
    }

    /** Makes every write durable (as {@link #flush}) when writable, then releases the file and the backing chain. */
    @Override
    void close();
}
