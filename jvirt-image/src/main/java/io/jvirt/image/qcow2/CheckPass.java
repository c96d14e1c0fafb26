package io.jvirt.image.qcow2;

import io.jvirt.image.CheckResult;
import io.jvirt.image.ImageException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One check of a qcow2 image, repairing what the mode allows (qemu's qcow2_co_check_locked and
 * qcow2_check_refcounts): read the snapshot table, compute the refcounts from the metadata,
 * compare them with the stored ones, rebuild the refcount structure when it is broken, check
 * COPIED flags, and clear the dirty and corrupt bits once a repair leaves no corruption.
 */
final class CheckPass {

    private final CheckContext ctx;
    private final boolean fixLeaks;
    private final boolean fixErrors;
    private final CheckTally tally = new CheckTally();
    private long highest;
    private boolean rebuild;
    private String failure;

    CheckPass(CheckContext ctx, CheckResult.Repair repair) {
        this.ctx = ctx;
        this.fixLeaks = repair != CheckResult.Repair.NONE;
        this.fixErrors = repair == CheckResult.Repair.ALL;
    }

    CheckContext context() {
        return ctx;
    }

    CheckTally tally() {
        return tally;
    }

    /** @return why the pass stopped early, or null */
    String failure() {
        return failure;
    }

    /** @return end of the last cluster with a refcount or a reference */
    long imageEndOffset() {
        return (highest + 1) * ctx.clusterSize;
    }

    void run() {
        try {
            Metadata metadata = readSnapshots();
            refcounts(metadata);
            if (fixLeaks && tally.checkErrors == 0 && tally.corruptions == 0) {
                markConsistent();
            }
        } catch (CheckFailure f) {
            failure = f.getMessage();
        }
    }

    private Metadata readSnapshots() {
        Qcow2Header h = ctx.header;
        List<Qcow2Snapshots.Snapshot> snapshots;
        try {
            snapshots = Qcow2Snapshots.read(ctx.io, h);
        } catch (ImageException e) {
            ctx.log("ERROR failed to read the snapshot table: " + e.getMessage());
            tally.checkErrors++;
            throw new CheckFailure("The snapshot table of image " + ctx.io.path() + " cannot be read, so the image"
                    + " was not checked: " + e.getMessage());
        }
        if (h.version() >= 3) {
            for (int i = 0; i < snapshots.size(); i++) {
                if (snapshots.get(i).extra().length < 16) {
                    tally.corruptions++;
                    ctx.log("ERROR snapshot table entry " + i + " is incomplete");
                }
            }
        }
        long tableBytes = snapshots.isEmpty() ? 0 : Qcow2Snapshots.encode(snapshots).length;
        return new Metadata(ctx, snapshots, tableBytes);
    }

    private void refcounts(Metadata metadata) {
        Qcow2Header h = ctx.header;
        long clusters = ctx.clusters(ctx.fileLength());
        if (clusters > Integer.MAX_VALUE) {
            tally.checkErrors++;
            throw new CheckFailure("Image " + ctx.io.path() + " has more clusters than a check can count in memory.");
        }
        ReferenceCounts refs = new ReferenceCounts(ctx, clusters);
        StoredRefcounts stored = new StoredRefcounts(ctx, h.refcountTableOffset(), h.refcountTableClusters());
        metadata.refcountStructure(ctx, h.refcountTableOffset(), stored.table());
        long tableOffset = h.refcountTableOffset();
        ReferenceWalk walk = new ReferenceWalk(ctx, metadata, fixErrors);
        walk.run(tally, refs, tableOffset, stored.table());
        rebuild = walk.needsRebuild();
        CheckTally beforeCompare = tally.copy();
        compare(tally, stored, refs, false, false);
        if (rebuild && fixErrors) {
            CheckTally old = tally.copy();
            ctx.log("Rebuilding refcount structure");
            String pastEnd = refs.metadataPastEnd();
            if (pastEnd != null) {
                tally.checkErrors++;
                throw new CheckFailure("The refcount structure of image " + ctx.io.path() + " was not rebuilt because "
                        + pastEnd + " lies past the end of the file; the old refcount structure was kept. Copy what is readable with"
                        + " 'jvirt img convert' instead.");
            }
            RefcountRebuild.Result rebuilt = new RefcountRebuild(ctx, metadata).run(refs);
            tally.corruptions = 0;
            tally.leaks = 0;
            refs.clear();
            stored = new StoredRefcounts(ctx, rebuilt.tableOffset(), rebuilt.tableClusters());
            walk = new ReferenceWalk(ctx, metadata, false);
            walk.run(tally, refs, rebuilt.tableOffset(), stored.table());
            long freshLeaks = 0;
            CheckTally saved = tally.copy();
            tally.set(new CheckTally());
            rebuild = walk.needsRebuild();
            compare(tally, stored, refs, true, false);
            if (rebuild) {
                ctx.log("ERROR rebuilt refcount structure is still broken");
            }
            freshLeaks = tally.leaks;
            tally.set(saved);
            if (tally.corruptions < old.corruptions) {
                tally.corruptionsFixed += old.corruptions - tally.corruptions;
            }
            if (tally.leaks < old.leaks) {
                tally.leaksFixed += old.leaks - tally.leaks;
            }
            tally.leaks += freshLeaks;
        } else if (fixLeaks) {
            if (rebuild) {
                ctx.log("ERROR need to rebuild refcount structures");
                tally.checkErrors++;
                throw new CheckFailure("The refcount structure of image " + ctx.io.path() + " is broken and must be"
                        + " rebuilt, which only 'check -r all' does; nothing was repaired.");
            }
            if (tally.leaks > 0 || tally.corruptions > 0) {
                tally.set(beforeCompare);
                compare(tally, stored, refs, true, fixErrors);
            }
        }
        boolean repairCopied = fixErrors || (fixLeaks && tally.checkErrors == 0 && tally.corruptions == 0
                && tally.leaks == 0);
        new CopiedCheck(ctx, metadata).run(tally, stored, repairCopied);
    }

    /** Compares stored with computed refcounts, repairing leaks and/or errors (qemu's compare_refcounts). */
    private void compare(CheckTally t, StoredRefcounts stored, ReferenceCounts refs, boolean leaks, boolean errors) {
        highest = 0;
        boolean wrote = false;
        for (long i = 0; i < refs.size(); i++) {
            long onDisk = stored.get(i);
            if (onDisk == StoredRefcounts.UNREADABLE) {
                ctx.log("Can't get refcount for cluster " + i + ": Input/output error");
                t.checkErrors++;
                continue;
            }
            long computed = refs.get(i);
            if (onDisk > 0 || computed > 0) {
                highest = i;
            }
            if (onDisk == computed) {
                continue;
            }
            boolean fix = false;
            if (onDisk == 0) {
                rebuild = true;
            } else if (onDisk > computed && leaks) {
                fix = true;
            } else if (onDisk < computed && errors) {
                fix = true;
            }
            String prefix = fix ? "Repairing" : onDisk < computed ? "ERROR" : "Leaked";
            ctx.log(prefix + " cluster " + i + " refcount=" + onDisk + " reference=" + computed);
            if (fix && stored.set(i, computed)) {
                wrote = true;
                if (onDisk > computed) {
                    t.leaksFixed++;
                } else {
                    t.corruptionsFixed++;
                }
                continue;
            }
            if (onDisk < computed) {
                t.corruptions++;
            } else {
                t.leaks++;
            }
        }
        if (wrote) {
            ctx.sync();
        }
    }

    /** Clears the dirty and corrupt bits after a repair that left no corruption (v3 headers only have them). */
    private void markConsistent() {
        Qcow2Header h = ctx.header;
        long bits = h.incompatible() & ~(Qcow2Header.DIRTY | Qcow2Header.CORRUPT);
        if (h.version() < 3 || bits == h.incompatible()) {
            return;
        }
        ctx.sync();
        ctx.write(72, ByteBuffer.allocate(8).putLong(bits).array(), "header");
        ctx.sync();
    }
}
