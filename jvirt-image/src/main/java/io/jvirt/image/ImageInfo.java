package io.jvirt.image;

import java.util.List;

/**
 * What {@code qemu-img info} reports about one image.
 *
 * @param filename the file name as given
 * @param format detected or declared format
 * @param virtualSize guest-visible size in bytes
 * @param actualSize bytes the file occupies on disk
 * @param clusterSize cluster size, or 0 when the format has none
 * @param backingFilename backing file name as stored, or null
 * @param fullBackingFilename backing file path resolved against the image, or null
 * @param backingFormat stored backing format name, or null
 * @param dirty whether the dirty bit is set
 * @param snapshots internal snapshots
 * @param qcow2 qcow2 specific details, or null for other formats
 */
public record ImageInfo(String filename, ImageFormat format, long virtualSize, long actualSize, int clusterSize,
        String backingFilename, String fullBackingFilename, String backingFormat, boolean dirty,
        List<SnapshotInfo> snapshots, Qcow2Details qcow2) {

    /** Defensive copy. */
    public ImageInfo {
        snapshots = List.copyOf(snapshots);
    }

    /**
     * qcow2 format-specific information.
     *
     * @param compat "0.10" or "1.1"
     * @param compressionType compression algorithm
     * @param lazyRefcounts lazy refcounts feature
     * @param refcountBits refcount width
     * @param corrupt corrupt bit
     * @param extendedL2 extended L2 entries
     */
    public record Qcow2Details(String compat, CompressionType compressionType, boolean lazyRefcounts,
            int refcountBits, boolean corrupt, boolean extendedL2) {
    }
}
