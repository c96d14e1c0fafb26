package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the VM state of an internal snapshot lies in a qcow2 file. QEMU writes a snapshot's VM
 * state (its migration stream) into the guest area past the disk, from the first L1 entry the
 * disk does not use (block/qcow2.h, {@code qcow2_vm_state_offset}), and the snapshot's L1 table
 * maps it. Knowing the host bytes lets a reader hand the stream to a process straight from the
 * file (sendfile) instead of through the block layer.
 *
 * @param runs the stream's bytes in order, as runs of contiguous host bytes
 * @param size the stream's length (the sum of the runs)
 */
public record VmStateLayout(List<Run> runs, long size) {

    /**
     * Contiguous bytes of the file.
     *
     * @param offset where they start in the file
     * @param length how many
     */
    public record Run(long offset, long length) {
    }

    /** Copies the runs. */
    public VmStateLayout {
        runs = List.copyOf(runs);
    }

    /**
     * Maps the VM state of a snapshot.
     *
     * @param img the image
     * @param nameOrId the snapshot's name or id
     * @return the layout
     * @throws ImageException INVALID_ARGUMENT when the snapshot has no VM state; CORRUPT when part
     *     of it is not stored as plain data clusters inside the file
     */
    public static VmStateLayout of(Qcow2Image img, String nameOrId) {
        Qcow2Snapshots.Snapshot s = Qcow2Snapshots.find(img, nameOrId);
        long size = s.info().vmStateSize();
        if (size <= 0) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, img.path(), "Snapshot '" + nameOrId
                    + "' of image " + img.path() + " holds no VM state.");
        }
        Qcow2Header h = img.header;
        long disk = s.info().diskSize() >= 0 ? s.info().diskSize() : h.size();
        ClusterMap map = new ClusterMap(img.io(), h, ClusterMap.readL1(img.io(), s.l1Offset(), s.l1Size()),
                s.l1Offset(), null);
        int cb = h.clusterBits();
        long cs = 1L << cb;
        long perTable = 1L << (cb + map.l2Bits());
        long start = (disk + perTable - 1) / perTable * perTable;
        long fileSize = img.io().size();
        List<Run> runs = new ArrayList<>();
        long runStart = -1;
        long runLength = 0;
        for (long pos = 0; pos < size; pos += cs) {
            long vc = (start + pos) >>> cb;
            long e = map.entry(vc);
            long host = e & ClusterMap.OFFSET_MASK;
            long n = Math.min(cs, size - pos);
            if (map.extended() || (e & (ClusterMap.COMPRESSED | ClusterMap.ZERO)) != 0 || host == 0
                    || host + n > fileSize) {
                throw new ImageException(ImageException.Kind.CORRUPT, img.path(), "The VM state of snapshot '"
                        + nameOrId + "' in image " + img.path() + " is not stored as plain data at byte " + pos
                        + " of " + size + " (the file is damaged or truncated).");
            }
            if (runStart >= 0 && runStart + runLength == host) {
                runLength += n;
            } else {
                if (runStart >= 0) {
                    runs.add(new Run(runStart, runLength));
                }
                runStart = host;
                runLength = n;
            }
        }
        runs.add(new Run(runStart, runLength));
        return new VmStateLayout(runs, size);
    }
}
