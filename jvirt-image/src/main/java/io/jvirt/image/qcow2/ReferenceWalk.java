package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import java.nio.ByteBuffer;

/**
 * Computes the refcounts the metadata implies (qemu's calculate_refcounts): header, active L1
 * and L2 tables with their clusters, snapshot L1/L2 trees, snapshot table, refcount table and
 * blocks; checks each entry on the way and, when repairing, fixes what qemu fixes here
 * (refcount blocks past the end of the file, misaligned preallocated zero clusters).
 */
final class ReferenceWalk {

    /** A repair extends the file by at most this much to reach a refcount block. */
    private static final long MAX_GROWTH = 1L << 30;

    private final CheckContext ctx;
    private final Metadata metadata;
    private final boolean fixErrors;
    private boolean rebuild;

    ReferenceWalk(CheckContext ctx, Metadata metadata, boolean fixErrors) {
        this.ctx = ctx;
        this.metadata = metadata;
        this.fixErrors = fixErrors;
    }

    /** @return whether the refcount structure itself is broken and must be rebuilt */
    boolean needsRebuild() {
        return rebuild;
    }

    void run(CheckTally t, ReferenceCounts refs, long refTableOffset, long[] refTable) {
        Qcow2Header h = ctx.header;
        refs.reference(t, 0, ctx.clusterSize, "the header");
        l1(t, refs, h.l1TableOffset(), h.l1Size(), true);
        for (Qcow2Snapshots.Snapshot s : metadata.snapshots()) {
            if ((s.l1Offset() & (ctx.clusterSize - 1)) != 0) {
                ctx.log("ERROR snapshot " + s.id() + " (" + s.name() + ") l1_offset=0x" + CheckContext.hex(s.l1Offset())
                        + ": L1 table is not cluster aligned; snapshot table entry corrupted");
                t.corruptions++;
                continue;
            }
            if (Integer.toUnsignedLong(s.l1Size()) > Qcow2Header.MAX_L1_BYTES / 8) {
                ctx.log("ERROR snapshot " + s.id() + " (" + s.name() + ") l1_size=0x" + Integer.toHexString(s.l1Size())
                        + ": L1 table is too large; snapshot table entry corrupted");
                t.corruptions++;
                continue;
            }
            l1(t, refs, s.l1Offset(), s.l1Size(), false);
        }
        refs.reference(t, h.snapshotsOffset(), metadata.snapshotTableBytes(), "the snapshot table");
        refs.reference(t, refTableOffset, refTable.length * 8L, "the refcount table");
        refblocks(t, refs, refTable);
    }

    private void l1(CheckTally t, ReferenceCounts refs, long offset, int size, boolean active) {
        if (size == 0) {
            return;
        }
        refs.reference(t, offset, size * 8L, active ? "the active L1 table" : "a snapshot L1 table");
        long[] l1 = ctx.readWords(offset, size, "L1 table");
        for (long entry : l1) {
            if (entry == 0) {
                continue;
            }
            if ((entry & CheckContext.L1_RESERVED_MASK) != 0) {
                ctx.log("ERROR found L1 entry with reserved bits set: " + CheckContext.hex(entry));
                t.corruptions++;
            }
            long l2 = entry & CheckContext.L1_OFFSET_MASK;
            refs.reference(t, l2, ctx.clusterSize, "an L2 table");
            if ((l2 & (ctx.clusterSize - 1)) != 0) {
                ctx.log("ERROR l2_offset=" + CheckContext.hex(l2) + ": Table is not cluster aligned; L1 entry corrupted");
                t.corruptions++;
            }
            l2(t, refs, l2, active);
        }
    }

    private void l2(CheckTally t, ReferenceCounts refs, long l2Offset, boolean active) {
        int step = ctx.extended ? 2 : 1;
        long[] words = ctx.readWords(l2Offset, ctx.l2Entries * step, "L2 table");
        long next = 0;
        for (int i = 0; i < ctx.l2Entries; i++) {
            long entry = words[i * step];
            long bitmap = ctx.extended ? words[i * step + 1] : 0;
            L2Kind kind = L2Kind.of(entry, ctx.extended);
            if (kind != L2Kind.COMPRESSED && (entry & CheckContext.L2_RESERVED_MASK) != 0) {
                ctx.log("ERROR found l2 entry with reserved bits set: " + CheckContext.hex(entry));
                t.corruptions++;
            }
            switch (kind) {
                case COMPRESSED -> {
                    if ((entry & CheckContext.COPIED) != 0) {
                        ctx.log("ERROR: coffset=0x" + CheckContext.hex(entry & ctx.compressedOffsetMask)
                                + ": copied flag must never be set for compressed clusters");
                        t.corruptions++;
                    }
                    if (bitmap != 0) {
                        ctx.log("ERROR compressed cluster " + i + " with non-zero subcluster allocation bitmap, entry=0x"
                                + CheckContext.hex(entry));
                        t.corruptions++;
                        continue;
                    }
                    long offset = entry & ctx.compressedOffsetMask;
                    long sectors = ((entry >>> ctx.compressedSizeShift) & ctx.compressedSizeMask) + 1;
                    refs.reference(t, offset, sectors * 512 - (offset & 511), null);
                    if (active) {
                        t.allocated++;
                        t.compressed++;
                        t.fragmented++;
                    }
                }
                case NORMAL, ZERO_ALLOCATED -> {
                    long offset = entry & CheckContext.L2_OFFSET_MASK;
                    if (((bitmap >>> 32) & bitmap) != 0) {
                        t.corruptions++;
                        ctx.log("ERROR offset=" + CheckContext.hex(offset)
                                + ": Allocated cluster has corrupted subcluster allocation bitmap");
                    }
                    if ((offset & (ctx.clusterSize - 1)) != 0) {
                        t.corruptions++;
                        boolean data = ctx.extended ? (bitmap & CheckContext.BITMAP_ALL_ALLOC) != 0
                                : (entry & CheckContext.ZERO) == 0;
                        if (data) {
                            ctx.log("ERROR offset=" + CheckContext.hex(offset)
                                    + ": Data cluster is not properly aligned; L2 entry corrupted.");
                        } else {
                            ctx.log((fixErrors ? "Repairing" : "ERROR") + " offset=" + CheckContext.hex(offset)
                                    + ": Preallocated cluster is not properly aligned; L2 entry corrupted.");
                            if (fixErrors && zeroEntry(t, l2Offset, i, bitmap, active)) {
                                continue;
                            }
                        }
                    }
                    if (active) {
                        t.allocated++;
                        if (next != 0 && offset != next) {
                            t.fragmented++;
                        }
                        next = offset + ctx.clusterSize;
                    }
                    refs.reference(t, offset, ctx.clusterSize, null);
                }
                case ZERO_PLAIN -> { }
                case UNALLOCATED -> {
                    if ((bitmap & CheckContext.BITMAP_ALL_ALLOC) != 0) {
                        t.corruptions++;
                        ctx.log("ERROR: Unallocated cluster has non-zero subcluster allocation map");
                    }
                }
            }
        }
    }

    /** Turns a misaligned preallocated zero cluster into a plain zero cluster (qemu's fix_l2_entry_by_zero). */
    private boolean zeroEntry(CheckTally t, long l2Offset, int index, long bitmap, boolean active) {
        int entryBytes = ctx.extended ? 16 : 8;
        long at = l2Offset + (long) index * entryBytes;
        ByteBuffer b = ByteBuffer.allocate(entryBytes);
        if (ctx.extended) {
            long zeroes = (bitmap | (bitmap << 32)) & CheckContext.BITMAP_ALL_ZEROES;
            b.putLong(0).putLong(zeroes);
        } else {
            b.putLong(CheckContext.ZERO);
        }
        String clash = metadata.overlap(at, entryBytes, active ? Metadata.Region.ACTIVE_L2 : Metadata.Region.INACTIVE_L2);
        if (clash != null) {
            ctx.log("ERROR: Overlap check failed");
            t.checkErrors++;
            throw new CheckFailure("The L2 entry at offset " + at + " of image " + ctx.io.path()
                    + " was not repaired because it overlaps " + clash + "; the image needs a manual copy ('convert').");
        }
        ctx.write(at, b.array(), "L2 entry");
        ctx.sync();
        t.corruptionFixed();
        return true;
    }

    private void refblocks(CheckTally t, ReferenceCounts refs, long[] table) {
        for (int i = 0; i < table.length; i++) {
            long offset = table[i] & CheckContext.REFT_OFFSET_MASK;
            long cluster = offset >>> ctx.clusterBits;
            if ((table[i] & CheckContext.REFT_RESERVED_MASK) != 0) {
                ctx.log("ERROR refcount table entry " + i + " has reserved bits set");
                t.corruptions++;
                rebuild = true;
                reserveInFile(refs, offset);
                continue;
            }
            if ((offset & (ctx.clusterSize - 1)) != 0) {
                ctx.log("ERROR refcount block " + i + " is not cluster aligned; refcount table entry corrupted");
                t.corruptions++;
                rebuild = true;
                reserveInFile(refs, offset);
                continue;
            }
            if (cluster >= refs.size()) {
                t.corruptions++;
                ctx.log((fixErrors ? "Repairing" : "ERROR") + " refcount block " + i + " is outside image");
                if (fixErrors) {
                    if (growFile(refs, offset)) {
                        t.corruptionFixed();
                        refs.reference(t, offset, ctx.clusterSize, "a refcount block");
                        continue;
                    }
                    rebuild = true;
                }
                continue;
            }
            if (offset != 0) {
                refs.reference(t, offset, ctx.clusterSize, "a refcount block");
                if (refs.get(cluster) != 1) {
                    ctx.log("ERROR refcount block " + i + " refcount=" + refs.get(cluster));
                    t.corruptions++;
                    rebuild = true;
                }
            }
        }
    }

    /** Keeps a rebuild off the clusters an unusable refcount table entry points into. */
    private void reserveInFile(ReferenceCounts refs, long offset) {
        if (offset != 0 && offset < ctx.fileLength()) {
            refs.reserve(offset, ctx.clusterSize);
        }
    }

    /** Extends the file so that a refcount block past its end lies inside it (zero-filled). */
    private boolean growFile(ReferenceCounts refs, long offset) {
        long end = offset + ctx.clusterSize;
        if (end - ctx.fileLength() > MAX_GROWTH) {
            ctx.log("ERROR could not resize image: the refcount block lies " + (end - ctx.fileLength())
                    + " bytes past the end of the file, more than a repair extends it");
            return false;
        }
        try {
            ctx.io.truncate(end);
        } catch (ImageException e) {
            ctx.log("ERROR could not resize image: " + e.getMessage());
            return false;
        }
        refs.resize(ctx.clusters(ctx.fileLength()));
        return true;
    }

    /** The kinds of L2 entries (qemu's QCow2ClusterType). */
    enum L2Kind {
        UNALLOCATED, NORMAL, COMPRESSED, ZERO_PLAIN, ZERO_ALLOCATED;

        static L2Kind of(long entry, boolean extended) {
            if ((entry & CheckContext.COMPRESSED) != 0) {
                return COMPRESSED;
            }
            if ((entry & CheckContext.ZERO) != 0 && !extended) {
                return (entry & CheckContext.L2_OFFSET_MASK) != 0 ? ZERO_ALLOCATED : ZERO_PLAIN;
            }
            return (entry & CheckContext.L2_OFFSET_MASK) == 0 ? UNALLOCATED : NORMAL;
        }
    }
}
