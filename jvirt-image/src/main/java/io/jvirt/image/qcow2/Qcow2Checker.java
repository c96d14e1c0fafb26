package io.jvirt.image.qcow2;

import io.jvirt.image.CheckResult;
import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * qemu-img check for qcow2: rebuilds every refcount from the metadata (header, L1/L2 tables of
 * the active state and of each snapshot, refcount structures, snapshot table), compares with
 * the stored refcounts and checks COPIED flags; optionally repairs.
 */
public final class Qcow2Checker {

    private static final long MAX_CLUSTERS = 1L << 28;
    private static final int MAX_MESSAGES = 1000;

    private final FileIo io;
    private final Qcow2Header h;
    private final Path path;
    private final int cb;
    private final int cs;
    private final long nClusters;
    private final int[] computed;
    private final List<String> messages = new ArrayList<>();
    private long corruptions;
    private long highest = -1;

    private Qcow2Checker(FileIo io, Qcow2Header h) {
        this.io = io;
        this.h = h;
        this.path = io.path();
        this.cb = h.clusterBits();
        this.cs = h.clusterSize();
        this.nClusters = (io.size() + cs - 1) >>> cb;
        if (nClusters > MAX_CLUSTERS) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, path,
                    "Image " + path + " has too many clusters (" + nClusters + ") to be checked in memory.");
        }
        this.computed = new int[(int) nClusters];
    }

    /**
     * Checks an image file.
     *
     * @param path qcow2 file
     * @param repair what to repair
     * @return the findings (after repair, the findings of the re-check plus what was fixed)
     */
    public static CheckResult check(Path path, CheckResult.Repair repair) {
        boolean write = repair != CheckResult.Repair.NONE;
        FileChannel ch;
        try {
            ch = write ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new ImageException(ImageException.Kind.NOT_FOUND, path,
                    "Image " + path + " cannot be opened: " + e.getMessage() + ".", e);
        }
        FileIo io = new FileIo(ch, path);
        try {
            Qcow2Header h = Qcow2Header.read(io);
            CheckResult first = new Qcow2Checker(io, h).run();
            boolean needs = switch (repair) {
                case NONE -> false;
                case LEAKS -> first.leaks() > 0;
                case ALL -> first.leaks() > 0 || first.corruptions() > 0
                        || (h.incompatible() & (Qcow2Header.CORRUPT | Qcow2Header.DIRTY)) != 0;
            };
            if (!needs) {
                return first;
            }
            repair(io, h, repair == CheckResult.Repair.ALL);
            CheckResult again = new Qcow2Checker(io, Qcow2Header.read(io)).run();
            return again.withRepaired(first.leaks() - again.leaks(), first.corruptions() - again.corruptions());
        } finally {
            io.close();
        }
    }

    /** Rewrites refcounts from the metadata and, when {@code all}, COPIED flags and the corrupt/dirty bits. */
    static void repair(FileIo io, Qcow2Header h, boolean all) {
        Qcow2Checker c = new Qcow2Checker(io, h);
        c.run();
        RefcountStore refs = new RefcountStore(io, h);
        long[] target = new long[(int) c.nClusters];
        for (int i = 0; i < c.nClusters; i++) {
            long stored = refs.get(i);
            long want = c.computed[i];
            target[i] = all || stored > want ? want : stored;
        }
        refs.replaceAll(target, c.nClusters);
        Qcow2Header nh = h;
        if (all) {
            ClusterMap map = new ClusterMap(io, h, ClusterMap.readL1(io, h.l1TableOffset(), h.l1Size()),
                    h.l1TableOffset(), refs);
            if (!h.extendedL2()) {
                CopiedFlags.fix(map, refs, h.clusterBits());
            }
            map.flush();
            nh = nh.withIncompatible(nh.incompatible() & ~(Qcow2Header.CORRUPT | Qcow2Header.DIRTY));
        }
        refs.flush();
        nh = nh.withRefcountTable(refs.tableOffset(), refs.tableClusters());
        byte[] b = nh.encode();
        io.write(0, b, 0, b.length);
        long end = refs.endCluster() << h.clusterBits();
        if (io.size() < end) {
            io.truncate(end);
        }
    }

    private CheckResult run() {
        inc(0, cs, "header");
        Stats stats = new Stats();
        long[] l1 = ClusterMap.readL1(io, h.l1TableOffset(), h.l1Size());
        inc(h.l1TableOffset(), h.l1Size() * 8L, "L1 table");
        walk(l1, stats);
        inc(h.refcountTableOffset(), (long) h.refcountTableClusters() * cs, "refcount table");
        long[] table = ClusterMap.readL1(io, h.refcountTableOffset(), h.refcountTableClusters() * cs / 8);
        for (int i = 0; i < table.length; i++) {
            long off = table[i] & ~511L;
            if (off == 0) {
                continue;
            }
            if ((off & (cs - 1)) != 0) {
                error("ERROR refcount block " + i + " is not cluster aligned; refcount table corrupted");
                continue;
            }
            inc(off, cs, "refcount block");
        }
        List<Qcow2Snapshots.Snapshot> snaps = Qcow2Snapshots.read(io, h);
        if (!snaps.isEmpty()) {
            inc(h.snapshotsOffset(), Qcow2Snapshots.encode(snaps).length, "snapshot table");
        }
        for (Qcow2Snapshots.Snapshot s : snaps) {
            inc(s.l1Offset(), s.l1Size() * 8L, "snapshot L1 table");
            walk(ClusterMap.readL1(io, s.l1Offset(), s.l1Size()), null);
        }
        RefcountStore refs = new RefcountStore(io, h);
        long leaks = 0;
        for (long i = 0; i < nClusters; i++) {
            long stored = refs.get(i);
            long want = computed[(int) i];
            if (want > 0) {
                highest = Math.max(highest, i);
            }
            if (stored == want) {
                continue;
            }
            if (stored < want) {
                error("ERROR cluster " + i + " refcount=" + stored + " reference=" + want);
            } else {
                leaks++;
                message("Leaked cluster " + i + " refcount=" + stored + " reference=" + want);
            }
        }
        checkCopied(l1, refs);
        long total = (h.size() + cs - 1) >>> cb;
        return new CheckResult(corruptions, leaks, stats.allocated, total, stats.fragmented, stats.compressed,
                (highest + 1) * cs, List.copyOf(messages), 0, 0);
    }

    private void checkCopied(long[] l1, RefcountStore refs) {
        for (int i = 0; i < l1.length; i++) {
            long off = l1[i] & ClusterMap.OFFSET_MASK;
            if (off == 0 || (off & (cs - 1)) != 0 || off + cs > io.size()) {
                continue;
            }
            long rc = refs.get(off >>> cb);
            if (((l1[i] & ClusterMap.COPIED) != 0) != (rc == 1)) {
                error("ERROR OFLAG_COPIED L2 cluster: l1_index=" + i + " l1_entry=" + Long.toHexString(l1[i])
                        + " refcount=" + rc);
            }
            long[] words = readTable(off);
            int step = h.extendedL2() ? 2 : 1;
            for (int j = 0; j < words.length; j += step) {
                long e = words[j];
                long d = e & ClusterMap.OFFSET_MASK;
                if ((e & ClusterMap.COMPRESSED) != 0 || d == 0 || (d & (cs - 1)) != 0) {
                    continue;
                }
                long drc = refs.get(d >>> cb);
                if (((e & ClusterMap.COPIED) != 0) != (drc == 1)) {
                    error("ERROR OFLAG_COPIED data cluster: l2_entry=" + Long.toHexString(e) + " refcount=" + drc);
                }
            }
        }
    }

    private static final class Stats {
        long allocated;
        long fragmented;
        long compressed;
        long next;
    }

    private void walk(long[] l1, Stats stats) {
        int x = 62 - (cb - 8);
        long compMask = (1L << x) - 1;
        long sizeMask = (1L << (cb - 8)) - 1;
        int step = h.extendedL2() ? 2 : 1;
        for (int i = 0; i < l1.length; i++) {
            long off = l1[i] & ClusterMap.OFFSET_MASK;
            if (off == 0) {
                continue;
            }
            if ((off & (cs - 1)) != 0) {
                error("ERROR l2_offset=" + Long.toHexString(off) + ": Table is not cluster aligned; L1 entry corrupted");
                continue;
            }
            if (off + cs > io.size()) {
                error("ERROR l2_offset=" + Long.toHexString(off) + ": L2 table lies past the end of the file");
                continue;
            }
            inc(off, cs, "L2 table");
            long[] words = readTable(off);
            for (int j = 0; j < words.length; j += step) {
                long e = words[j];
                if ((e & ClusterMap.COMPRESSED) != 0) {
                    long start = (e & compMask) & ~511L;
                    long len = (((e >>> x) & sizeMask) + 1) * 512;
                    inc(start, len, "compressed cluster");
                    if (stats != null) {
                        stats.allocated++;
                        stats.compressed++;
                    }
                    continue;
                }
                long d = e & ClusterMap.OFFSET_MASK;
                if (d == 0) {
                    continue;
                }
                if ((d & (cs - 1)) != 0) {
                    error("ERROR offset=" + Long.toHexString(d) + ": Cluster is not properly aligned; L2 entry corrupted.");
                    continue;
                }
                inc(d, cs, "data cluster");
                if (stats != null) {
                    stats.allocated++;
                    if (stats.next != 0 && d != stats.next) {
                        stats.fragmented++;
                    }
                    stats.next = d + cs;
                }
            }
        }
    }

    private long[] readTable(long off) {
        byte[] raw = new byte[cs];
        io.readFully(off, raw, 0, cs, "L2 table");
        long[] words = new long[cs / 8];
        ByteBuffer.wrap(raw).asLongBuffer().get(words);
        return words;
    }

    private void inc(long offset, long len, String what) {
        if (len <= 0) {
            return;
        }
        long first = offset >>> cb;
        long last = (offset + len - 1) >>> cb;
        for (long c = first; c <= last; c++) {
            if (c >= nClusters) {
                error("ERROR " + what + " at offset " + offset + " lies past the end of the file");
                return;
            }
            if (computed[(int) c] != Integer.MAX_VALUE) {
                computed[(int) c]++;
            }
        }
    }

    private void error(String m) {
        corruptions++;
        message(m);
    }

    private void message(String m) {
        if (messages.size() < MAX_MESSAGES) {
            messages.add(m);
        }
    }
}
