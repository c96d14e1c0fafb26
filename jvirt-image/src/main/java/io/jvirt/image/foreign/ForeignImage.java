package io.jvirt.image.foreign;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import java.util.Optional;

/**
 * The guest-visible contents of a disk image in a foreign format, read-only.
 *
 * <p>Instances come from {@link ForeignFormats#probe(java.nio.file.Path)}. Space the image
 * does not store reads as zeros; {@link #status} tells a converter which runs it may skip.
 * Every failure, including a structure found to be corrupt only when it is first read, is
 * an {@link ImageException} whose message names the file and the problem. Implementations
 * are safe for use by several threads.
 */
public interface ForeignImage extends AutoCloseable {

    /** The largest virtual size any reader accepts: 2^62 bytes. */
    long MAX_VIRTUAL_SIZE = 1L << 62;

    /**
     * Returns QEMU's name of the format: {@code "vmdk"}, {@code "vdi"}, {@code "vpc"} (VHD),
     * {@code "vhdx"}, {@code "qed"} or {@code "qcow"}, so that output matches {@code qemu-img info}.
     */
    String format();

    /**
     * Returns the variant of the format: for VMDK {@code "monolithicSparse"} or
     * {@code "streamOptimized"}, for VDI and VHD {@code "dynamic"} or {@code "fixed"}, for VHDX
     * also {@code "differencing"}; empty for formats without variants (QED, qcow).
     */
    String subformat();

    /**
     * Returns the unit of allocation that qemu-img reports as {@code cluster_size}, or 0 when
     * the format has none worth reporting.
     */
    default int clusterSize() {
        return 0;
    }

    /**
     * The backing file an image names, as stored.
     *
     * @param name the file name, relative to the image's directory unless absolute
     * @param format the format the image declares for it, or null to detect it
     */
    record BackingFile(String name, String format) {
    }

    /**
     * Returns the backing file whose contents show where this image stores nothing
     * ({@link Extent.Type#UNALLOCATED}); the caller opens it. Empty for images without one.
     */
    default Optional<BackingFile> backingFile() {
        return Optional.empty();
    }

    /**
     * Checks that the opened backing file is the one this image was made on, where the format
     * records its identity (a VHDX child names its parent's data write GUID).
     *
     * @param parent the backing image, opened by a foreign reader
     * @throws ImageException of kind BACKING if it is not
     */
    default void checkBacking(ForeignImage parent) {
    }

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
     * @throws ImageException if the image turns out to be corrupt or truncated, or the file
     *     cannot be read
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code buf}
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    int read(long offset, byte[] buf, int off, int len);

    /**
     * Describes the run of guest bytes that starts at {@code offset} and shares one state:
     * {@link Extent.Type#DATA} (stored; {@code hostOffset} is its file offset when the run
     * is stored uncompressed and contiguously, else -1), {@link Extent.Type#ZERO} (marked as
     * zeroed: VMDK zero grains, discarded VDI blocks) or {@link Extent.Type#UNALLOCATED}
     * (never written; reads as zeros here, and from the {@link #backingFile} where the caller
     * opened one). The run
     * ends where the state changes, at {@code maxLen}, at the end of the disk, or earlier
     * after a bounded amount of metadata was scanned, so consecutive runs may share a state.
     *
     * @param offset guest offset, from 0 to {@code virtualSize() - 1}
     * @param maxLen the longest run wanted, at least 1
     * @return the run, never empty
     * @throws ImageException if the metadata describing the run is corrupt
     * @throws IllegalArgumentException if {@code offset} lies outside the disk or
     *     {@code maxLen} is not positive
     */
    Extent status(long offset, long maxLen);

    /**
     * Reports whether the image stores data for the byte at {@code offset}.
     *
     * @throws ImageException if the metadata describing the byte is corrupt
     */
    default boolean isAllocated(long offset) {
        return status(offset, 1).type() == Extent.Type.DATA;
    }

    /** Closes the underlying file. */
    @Override
    void close();
}
