package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.SnapshotInfo;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The internal snapshot table: parsing, encoding, and create/apply/delete. */
public final class Qcow2Snapshots {

    private static final int MAX_EXTRA = 1024;

    private Qcow2Snapshots() {
    }

    /**
     * One snapshot table entry.
     *
     * @param l1Offset L1 table offset
     * @param l1Size L1 entries
     * @param id id string
     * @param name name
     * @param dateSec seconds
     * @param dateNsec nanoseconds
     * @param vmClockNsec guest clock
     * @param vmStateSize VM state size
     * @param extra extra data bytes
     */
    record Snapshot(long l1Offset, int l1Size, String id, String name, long dateSec, long dateNsec,
            long vmClockNsec, long vmStateSize, byte[] extra) {

        SnapshotInfo info() {
            ByteBuffer b = ByteBuffer.wrap(extra);
            long large = extra.length >= 8 ? b.getLong(0) : 0;
            long disk = extra.length >= 16 ? b.getLong(8) : -1;
            long icount = extra.length >= 24 ? b.getLong(16) : -1;
            return new SnapshotInfo(id, name, large != 0 ? large : vmStateSize, dateSec, dateNsec, vmClockNsec,
                    icount, disk);
        }
    }

    static List<Snapshot> read(FileIo io, Qcow2Header h) {
        Path p = io.path();
        List<Snapshot> out = new ArrayList<>();
        long pos = h.snapshotsOffset();
        long fileSize = io.size();
        for (int i = 0; i < h.nbSnapshots(); i++) {
            byte[] fixed = new byte[40];
            // a damaged header may give any 64-bit offset, negative ones included (img check reads it unvalidated)
            if (pos < 0 || pos > fileSize - 40) {
                throw truncated(p);
            }
            io.readFully(pos, fixed, 0, 40, "snapshot table");
            ByteBuffer b = ByteBuffer.wrap(fixed);
            long l1Off = b.getLong(0);
            int l1Size = b.getInt(8);
            int idLen = b.getShort(12) & 0xffff;
            int nameLen = b.getShort(14) & 0xffff;
            long dateSec = b.getInt(16) & 0xffffffffL;
            long dateNsec = b.getInt(20) & 0xffffffffL;
            long clock = b.getLong(24);
            long state = b.getInt(32) & 0xffffffffL;
            int extraLen = b.getInt(36);
            if (extraLen < 0 || extraLen > MAX_EXTRA) {
                throw corrupt(p, "Snapshot " + i + " of image " + p + " declares " + Integer.toUnsignedString(extraLen)
                        + " bytes of extra data; at most " + MAX_EXTRA + " are accepted.");
            }
            if (l1Size < 0 || (long) l1Size * 8 > Qcow2Header.MAX_L1_BYTES) {
                throw new ImageException(ImageException.Kind.TOO_LARGE, p, "Snapshot " + i + " of image " + p
                        + " declares an L1 table over the 32 MiB limit.");
            }
            if (l1Size > 0 && (l1Off % h.clusterSize() != 0 || l1Off <= 0 || l1Off + l1Size * 8L > fileSize)) {
                throw corrupt(p, "The L1 table of snapshot " + i + " of image " + p + " is misaligned or lies past the end of the file.");
            }
            int var = extraLen + idLen + nameLen;
            if (pos + 40 + var > fileSize) {
                throw truncated(p);
            }
            byte[] rest = new byte[var];
            io.readFully(pos + 40, rest, 0, var, "snapshot table");
            byte[] extra = java.util.Arrays.copyOf(rest, extraLen);
            String id = new String(rest, extraLen, idLen, StandardCharsets.UTF_8);
            String name = new String(rest, extraLen + idLen, nameLen, StandardCharsets.UTF_8);
            out.add(new Snapshot(l1Off, l1Size, id, name, dateSec, dateNsec, clock, state, extra));
            pos += (40 + var + 7) & ~7L;
        }
        return List.copyOf(out);
    }

    static byte[] encode(List<Snapshot> list) {
        int total = 0;
        List<byte[]> parts = new ArrayList<>();
        for (Snapshot s : list) {
            byte[] id = s.id().getBytes(StandardCharsets.UTF_8);
            byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
            int len = (40 + s.extra().length + id.length + name.length + 7) & ~7;
            ByteBuffer b = ByteBuffer.allocate(len);
            b.putLong(s.l1Offset()).putInt(s.l1Size()).putShort((short) id.length).putShort((short) name.length)
                    .putInt((int) s.dateSec()).putInt((int) s.dateNsec()).putLong(s.vmClockNsec())
                    .putInt((int) s.vmStateSize()).putInt(s.extra().length).put(s.extra()).put(id).put(name);
            parts.add(b.array());
            total += len;
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        parts.forEach(all::put);
        return all.array();
    }

    /**
     * Creates an internal snapshot of the current state. Like every snapshot operation it
     * commits in one header write ({@link Qcow2Image#commitShadow}): the snapshot's L1 copy, the
     * active tree with its COPIED flags cleared (changed L2 tables copied), the new snapshot
     * table and the refcount structure are written where nothing points yet, and the header
     * then switches to all of them at once.
     *
     * @param img writable image
     * @param name snapshot name
     */
    public static void create(Qcow2Image img, String name) {
        img.checkWritable();
        for (Snapshot s : img.snapshots) {
            if (s.name().equals(name)) {
                throw new ImageException(ImageException.Kind.EXISTS, img.path(),
                        "Image " + img.path() + " already has a snapshot named '" + name + "'.");
            }
        }
        img.beginShadow();
        int cb = img.header.clusterBits();
        ClusterMap map = img.map;
        long[] l1 = map.l1.clone();
        long l1Off = 0;
        if (l1.length > 0) {
            l1Off = img.refs.allocate((int) Qcow2Header.ceilDiv(l1.length * 8L, img.clusterSize()));
            ByteBuffer bb = ByteBuffer.allocate(l1.length * 8);
            for (long e : l1) {
                bb.putLong(e & ~ClusterMap.COPIED);
            }
            img.io().write(l1Off, bb.array(), 0, bb.capacity());
        }
        CopiedFlags.adjustTree(map, img.refs, l1, cb, 1);
        int nextId = 1;
        for (Snapshot s : img.snapshots) {
            try {
                nextId = Math.max(nextId, Integer.parseInt(s.id()) + 1);
            } catch (NumberFormatException e) {
                // non-numeric ids do not take part in numbering
            }
        }
        long now = System.currentTimeMillis();
        byte[] extra = new byte[img.header.version() == 3 ? 16 : 0];
        if (extra.length > 0) {
            ByteBuffer.wrap(extra).putLong(0).putLong(img.header.size());
        }
        List<Snapshot> list = new ArrayList<>(img.snapshots);
        list.add(new Snapshot(l1Off, l1.length, Integer.toString(nextId), name, now / 1000, (now % 1000) * 1_000_000,
                0, 0, extra));
        commit(img, list);
    }

    /**
     * Reverts the active state to a snapshot: the active tree becomes the snapshot's (its L2
     * tables shared, or copied where COPIED flags differ), committed in one header write.
     *
     * @param img writable image
     * @param nameOrId snapshot name or id
     */
    public static void apply(Qcow2Image img, String nameOrId) {
        img.checkWritable();
        Snapshot s = find(img, nameOrId);
        ClusterMap map = img.map;
        if (s.l1Size() > map.l1.length) {
            throw new ImageException(ImageException.Kind.UNSUPPORTED, img.path(), "Snapshot '" + nameOrId
                    + "' of image " + img.path() + " has a larger L1 table than the active state.");
        }
        img.beginShadow();
        int cb = img.header.clusterBits();
        long[] snapL1 = ClusterMap.readL1(img.io(), s.l1Offset(), s.l1Size());
        CopiedFlags.adjustTree(map, img.refs, snapL1, cb, 1);
        CopiedFlags.adjustTree(map, img.refs, map.l1, cb, -1);
        long[] active = new long[map.l1.length];
        for (int i = 0; i < snapL1.length; i++) {
            active[i] = snapL1[i] & ~ClusterMap.COPIED;
        }
        map.l1 = active;
        commit(img, img.snapshots);
    }

    /**
     * Deletes a snapshot: the snapshot table without it, the refcounts without its tree, and
     * the active COPIED flags that the lower refcounts now call for, committed in one header
     * write.
     *
     * @param img writable image
     * @param nameOrId snapshot name or id
     */
    public static void delete(Qcow2Image img, String nameOrId) {
        img.checkWritable();
        Snapshot s = find(img, nameOrId);
        img.beginShadow();
        int cb = img.header.clusterBits();
        long[] snapL1 = ClusterMap.readL1(img.io(), s.l1Offset(), s.l1Size());
        CopiedFlags.adjustTree(img.map, img.refs, snapL1, cb, -1);
        long l1Clusters = Qcow2Header.ceilDiv(s.l1Size() * 8L, img.clusterSize());
        for (long c = 0; c < l1Clusters; c++) {
            img.refs.add((s.l1Offset() >>> cb) + c, -1);
        }
        List<Snapshot> list = new ArrayList<>(img.snapshots);
        list.remove(s);
        commit(img, list);
    }

    /**
     * Makes a read-only image show a snapshot instead of the active state.
     *
     * @param img image opened read-only
     * @param nameOrId snapshot name or id
     */
    public static void view(Qcow2Image img, String nameOrId) {
        if (!img.readOnly()) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, img.path(),
                    "A snapshot of image " + img.path() + " can only be viewed read-only.");
        }
        Snapshot s = find(img, nameOrId);
        long[] l1 = ClusterMap.readL1(img.io(), s.l1Offset(), s.l1Size());
        long size = s.info().diskSize() >= 0 ? s.info().diskSize() : img.header.size();
        img.header = img.header.withL1(size, s.l1Size(), s.l1Offset());
        img.map = new ClusterMap(img.io(), img.header, l1, s.l1Offset(), null);
    }

    static Snapshot find(Qcow2Image img, String nameOrId) {
        for (Snapshot s : img.snapshots) {
            if (s.name().equals(nameOrId)) {
                return s;
            }
        }
        for (Snapshot s : img.snapshots) {
            if (s.id().equals(nameOrId)) {
                return s;
            }
        }
        throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, img.path(),
                "Image " + img.path() + " has no snapshot named or numbered '" + nameOrId + "'.");
    }

    /**
     * Writes the new snapshot table (when it changed) and the active tree to new places, then
     * commits them with the refcounts in one header write.
     */
    private static void commit(Qcow2Image img, List<Snapshot> list) {
        int cb = img.header.clusterBits();
        long off = img.header.snapshotsOffset();
        if (list != img.snapshots) {
            long oldOff = img.header.snapshotsOffset();
            long oldLen = encode(img.snapshots).length;
            byte[] table = encode(list);
            off = 0;
            if (!list.isEmpty()) {
                off = img.refs.allocate((int) Qcow2Header.ceilDiv(table.length, img.clusterSize()));
                img.io().write(off, table, 0, table.length);
            }
            if (!img.snapshots.isEmpty() && oldLen > 0) {
                for (long c = 0; c < Qcow2Header.ceilDiv(oldLen, img.clusterSize()); c++) {
                    img.refs.add((oldOff >>> cb) + c, -1);
                }
            }
        }
        long l1Off = CopiedFlags.rebuildActive(img.map, img.refs, cb, img.clusterSize());
        img.commitShadow(img.header.withL1(img.header.size(), img.map.l1.length, l1Off)
                .withSnapshots(list.size(), off));
        img.snapshots = List.copyOf(list);
    }

    private static ImageException truncated(Path p) {
        return new ImageException(ImageException.Kind.TRUNCATED, p,
                "The snapshot table of image " + p + " runs past the end of the file.");
    }

    private static ImageException corrupt(Path p, String m) {
        return new ImageException(ImageException.Kind.CORRUPT, p, m);
    }
}
