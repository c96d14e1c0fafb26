package io.jvirt.image.qcow2;

import java.nio.ByteBuffer;

/**
 * Checks the COPIED flag of every active L1 and L2 entry against the stored refcount (set
 * exactly when the refcount is 1) and, when repairing, rewrites the flags (qemu's
 * check_oflag_copied). A refcount that cannot be read is skipped silently, as the refcount
 * comparison already reported it. An L2 table that is misaligned or reaches past the end of
 * the file is never written (qemu would write it).
 */
final class CopiedCheck {

    private final CheckContext ctx;
    private final Metadata metadata;

    CopiedCheck(CheckContext ctx, Metadata metadata) {
        this.ctx = ctx;
        this.metadata = metadata;
    }

    void run(CheckTally t, StoredRefcounts stored, boolean repair) {
        Qcow2Header h = ctx.header;
        long[] l1 = ctx.readWords(h.l1TableOffset(), h.l1Size(), "L1 table");
        int step = ctx.extended ? 2 : 1;
        for (int i = 0; i < l1.length; i++) {
            long entry = l1[i];
            long l2 = entry & CheckContext.L1_OFFSET_MASK;
            if (l2 == 0) {
                continue;
            }
            long rc = stored.get(l2 >>> ctx.clusterBits);
            if (rc == StoredRefcounts.UNREADABLE) {
                continue;
            }
            if ((rc == 1) != ((entry & CheckContext.COPIED) != 0)) {
                t.corruptions++;
                ctx.log((repair ? "Repairing" : "ERROR") + " OFLAG_COPIED L2 cluster: l1_index=" + i + " l1_entry="
                        + CheckContext.hex(entry) + " refcount=" + rc);
                if (repair) {
                    long fixed = rc == 1 ? entry | CheckContext.COPIED : entry & ~CheckContext.COPIED;
                    writeL1Entry(h.l1TableOffset(), i, fixed);
                    t.corruptionFixed();
                }
            }
            long[] words = ctx.readWords(l2, ctx.l2Entries * step, "L2 table");
            boolean fixTable = repair && (l2 & (ctx.clusterSize - 1)) == 0 && l2 + ctx.clusterSize <= ctx.fileLength();
            int dirty = 0;
            for (int j = 0; j < ctx.l2Entries; j++) {
                long e = words[j * step];
                ReferenceWalk.L2Kind kind = ReferenceWalk.L2Kind.of(e, ctx.extended);
                if (kind != ReferenceWalk.L2Kind.NORMAL && kind != ReferenceWalk.L2Kind.ZERO_ALLOCATED) {
                    continue;
                }
                long drc = stored.get((e & CheckContext.L2_OFFSET_MASK) >>> ctx.clusterBits);
                if (drc == StoredRefcounts.UNREADABLE) {
                    continue;
                }
                if ((drc == 1) != ((e & CheckContext.COPIED) != 0)) {
                    t.corruptions++;
                    ctx.log((fixTable ? "Repairing" : "ERROR") + " OFLAG_COPIED data cluster: l2_entry="
                            + CheckContext.hex(e) + " refcount=" + drc);
                    if (fixTable) {
                        words[j * step] = drc == 1 ? e | CheckContext.COPIED : e & ~CheckContext.COPIED;
                        dirty++;
                    }
                }
            }
            if (dirty > 0) {
                String clash = metadata.overlap(l2, ctx.clusterSize, Metadata.Region.ACTIVE_L2);
                if (clash != null) {
                    ctx.log("ERROR: Could not write L2 table; metadata overlap check failed: Input/output error");
                    t.checkErrors++;
                    throw new CheckFailure("The COPIED flags of the L2 table at offset " + l2 + " of image "
                            + ctx.io.path() + " were not repaired because the table overlaps " + clash + ".");
                }
                ByteBuffer b = ByteBuffer.allocate(ctx.clusterSize);
                b.asLongBuffer().put(words);
                ctx.write(l2, b.array(), "L2 table");
                t.corruptions -= dirty;
                t.corruptionsFixed += dirty;
            }
        }
        if (repair) {
            ctx.sync();
        }
    }

    private void writeL1Entry(long l1Offset, int index, long value) {
        byte[] b = ByteBuffer.allocate(8).putLong(value).array();
        ctx.write(l1Offset + index * 8L, b, "L1 table");
    }
}
