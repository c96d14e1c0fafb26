package io.jvirt.image.foreign;

/**
 * The guest-visible contents of a disk image in a foreign format, read-only.
 *
 * <p>Instances come from {@link ForeignFormats#probe(java.nio.file.Path)}. Reads past the
 * data an image stores return zeros; the allocation map tells a converter which runs it may
 * skip. Every failure, including a structure found to be corrupt only when it is first
 * read, is a {@link ForeignImageException}. Implementations are safe for use by several
 * threads.
 */
public interface ForeignImage extends AutoCloseable {

    /** The largest virtual size any reader accepts: 2^62 bytes. */
    long MAX_VIRTUAL_SIZE = 1L << 62;

    /**
     * Returns QEMU's name of the format: {@code "vmdk"}, {@code "vdi"} or {@code "vpc"}
     * (VHD), so that output can be compared with {@code qemu-img info}.
     */
    String format();

    /**
     * Returns the variant of the format: for VMDK the descriptor's create type
     * ({@code "monolithicSparse"}, {@code "streamOptimized"}), for VDI and VHD
     * {@code "dynamic"} or {@code "fixed"}.
     */
    String subformat();

    /** Returns the size of the disk as the guest sees it, in bytes. */
    long virtualSize();

    /**
     * Reads guest bytes. Unallocated space reads as zeros.
     *
     * @param offset guest offset of the first byte, not negative
     * @param buf    destination
     * @param off    first index in {@code buf} to fill
     * @param len    number of bytes wanted
     * @return the number of bytes read, which is {@code len} unless the read reaches the end
     *     of the disk, or -1 if {@code offset} is at or past the end and {@code len} is not 0
     * @throws ForeignImageException if the image turns out to be corrupt or truncated, or
     *     the file cannot be read
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code buf}
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    int read(long offset, byte[] buf, int off, int len) throws ForeignImageException;

    /**
     * Returns the run of guest bytes that starts at {@code offset} and shares its allocation
     * state. The run ends where the state changes, at the end of the disk, or earlier after
     * a bounded amount of metadata has been scanned, so consecutive runs may share a state.
     *
     * @param offset guest offset, from 0 to {@code virtualSize() - 1}
     * @return the run, never empty
     * @throws ForeignImageException if the metadata describing the run is corrupt
     * @throws IllegalArgumentException if {@code offset} lies outside the disk
     */
    Extent extentAt(long offset) throws ForeignImageException;

    /**
     * Reports whether the image stores data for the byte at {@code offset}.
     *
     * @throws ForeignImageException if the metadata describing the byte is corrupt
     */
    default boolean isAllocated(long offset) throws ForeignImageException {
        return extentAt(offset).allocated();
    }

    /** Closes the underlying file. */
    @Override
    void close() throws ForeignImageException;
}
