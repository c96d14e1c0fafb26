package io.jvirt.image.qcow2;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an image's metadata lies, for the overlap check a repair runs before every write (as
 * qemu's pre-write overlap check): the header, the active L1 and L2 tables, the refcount table
 * and blocks, the snapshot table and the snapshot L1 tables. Snapshot-only L2 tables are not
 * guarded, as in qemu's default.
 */
final class Metadata {

    /** Kinds of metadata regions. */
    enum Region {
        HEADER("the image header"),
        ACTIVE_L1("the active L1 table"),
        ACTIVE_L2("an active L2 table"),
        REFCOUNT_TABLE("the refcount table"),
        REFCOUNT_BLOCK("a refcount block"),
        SNAPSHOT_TABLE("the snapshot table"),
        INACTIVE_L1("a snapshot L1 table"),
        INACTIVE_L2("a snapshot L2 table");

        final String text;

        Region(String text) {
            this.text = text;
        }
    }

    private record Span(long offset, long length, Region kind) {
        boolean overlaps(long o, long l) {
            return o < offset + length && offset < o + l;
        }
    }

    private final List<Qcow2Snapshots.Snapshot> snapshots;
    private final long snapshotTableBytes;
    private final List<Span> fixed = new ArrayList<>();
    private final List<Span> refcounts = new ArrayList<>();

    Metadata(CheckContext ctx, List<Qcow2Snapshots.Snapshot> snapshots, long snapshotTableBytes) {
        this.snapshots = List.copyOf(snapshots);
        this.snapshotTableBytes = snapshotTableBytes;
        Qcow2Header h = ctx.header;
        int cs = ctx.clusterSize;
        fixed.add(new Span(0, cs, Region.HEADER));
        fixed.add(new Span(h.l1TableOffset(), h.l1Size() * 8L, Region.ACTIVE_L1));
        for (long e : ctx.readWords(h.l1TableOffset(), h.l1Size(), "L1 table")) {
            long l2 = e & CheckContext.L1_OFFSET_MASK;
            if (l2 != 0) {
                fixed.add(new Span(l2, cs, Region.ACTIVE_L2));
            }
        }
        fixed.add(new Span(h.snapshotsOffset(), snapshotTableBytes, Region.SNAPSHOT_TABLE));
        for (Qcow2Snapshots.Snapshot s : snapshots) {
            fixed.add(new Span(s.l1Offset(), Integer.toUnsignedLong(s.l1Size()) * 8, Region.INACTIVE_L1));
        }
    }

    List<Qcow2Snapshots.Snapshot> snapshots() {
        return snapshots;
    }

    long snapshotTableBytes() {
        return snapshotTableBytes;
    }

    /** Records the refcount structure in use (again after a rebuild replaced it). */
    void refcountStructure(CheckContext ctx, long tableOffset, long[] table) {
        refcounts.clear();
        refcounts.add(new Span(tableOffset, table.length * 8L, Region.REFCOUNT_TABLE));
        for (long e : table) {
            long block = e & CheckContext.REFT_OFFSET_MASK;
            if (block != 0) {
                refcounts.add(new Span(block, ctx.clusterSize, Region.REFCOUNT_BLOCK));
            }
        }
    }

    /**
     * @param offset first byte to be written
     * @param length bytes
     * @param self the kind of structure being written (regions of that kind are not checked)
     * @return what the range overlaps, or null when it is safe to write
     */
    String overlap(long offset, long length, Region self) {
        for (List<Span> list : List.of(fixed, refcounts)) {
            for (Span s : list) {
                if (s.kind() != self && s.length() > 0 && s.overlaps(offset, length)) {
                    return s.kind().text;
                }
            }
        }
        return null;
    }
}
