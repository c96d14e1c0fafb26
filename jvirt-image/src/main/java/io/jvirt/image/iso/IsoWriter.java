package io.jvirt.image.iso;

import io.jvirt.image.ImageException;
import io.jvirt.image.ImageException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * Writes an {@link IsoImage} as an ISO 9660 file with a Joliet tree and Rock Ridge names. The
 * image is written beside the target under a temporary name, flushed, and moved into place, so
 * a failure leaves no partial image.
 */
public final class IsoWriter {
    private IsoWriter() {
    }

    /**
     * Writes the image to {@code target}, which must not exist.
     *
     * @param image what the image holds
     * @param target the new ISO file
     * @return the size written, in bytes
     * @throws ImageException EXISTS when the target exists, IO when writing fails
     */
    public static long write(IsoImage image, Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageException(Kind.EXISTS, target, "The ISO file " + target
                    + " exists already; remove it or choose another path.");
        }
        Path abs = target.toAbsolutePath();
        Path temp = abs.resolveSibling("." + abs.getFileName() + ".jvirt-" + UUID.randomUUID());
        IsoLayout layout = new IsoLayout(image);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeAll(ch, metadata(layout));
                ByteBuffer pad = ByteBuffer.allocate(IsoBytes.SECTOR);
                for (IsoLayout.Item it : layout.files) {
                    byte[] data = ((IsoNode.File) it.node).bytes();
                    writeAll(ch, ByteBuffer.wrap(data));
                    int tail = data.length % IsoBytes.SECTOR;
                    if (tail != 0) {
                        writeAll(ch, pad.clear().limit(IsoBytes.SECTOR - tail));
                    }
                }
                ch.force(true);
            }
            Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE);
            return (long) layout.totalSectors * IsoBytes.SECTOR;
        } catch (FileAlreadyExistsException e) {
            throw new ImageException(Kind.EXISTS, target, "The ISO file " + target
                    + " was created meanwhile by someone else; choose another path.", e);
        } catch (IOException e) {
            throw new ImageException(Kind.IO, target, "Writing the ISO file " + target + " failed: " + e.getMessage()
                    + ".", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary file is hidden; nothing more to do
            }
        }
    }

    /** The image's bytes in memory (for small images and tests). */
    public static byte[] toBytes(IsoImage image) {
        IsoLayout layout = new IsoLayout(image);
        ByteBuffer all = ByteBuffer.allocate(layout.totalSectors * IsoBytes.SECTOR);
        all.put(metadata(layout));
        for (IsoLayout.Item it : layout.files) {
            all.position(it.fileLba * IsoBytes.SECTOR).put(((IsoNode.File) it.node).bytes());
        }
        return all.array();
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Everything before the first file: descriptors, continuation area, path tables, directories. */
    static ByteBuffer metadata(IsoLayout l) {
        ByteBuffer b = ByteBuffer.allocate(l.metadataSectors * IsoBytes.SECTOR);
        descriptor(b, l, true);
        descriptor(b, l, false);
        int t = IsoLayout.TERMINATOR * IsoBytes.SECTOR;
        b.put(t, (byte) 255);
        IsoBytes.ascii(b, t + 1, 5, "CD001");
        b.put(t + 6, (byte) 1);
        RockRidge.er(b, IsoLayout.CONTINUATION * IsoBytes.SECTOR);
        pathTable(b, l.pathTableLba[0], l.primaryDirs, true, true);
        pathTable(b, l.pathTableLba[1], l.primaryDirs, true, false);
        pathTable(b, l.pathTableLba[2], l.jolietDirs, false, true);
        pathTable(b, l.pathTableLba[3], l.jolietDirs, false, false);
        for (IsoLayout.Dir d : l.primaryDirs) {
            directory(b, l, d, true);
        }
        for (IsoLayout.Dir d : l.jolietDirs) {
            directory(b, l, d, false);
        }
        return b.clear();
    }

    private static void descriptor(ByteBuffer b, IsoLayout l, boolean primary) {
        int o = (primary ? IsoLayout.PVD : IsoLayout.SVD) * IsoBytes.SECTOR;
        b.put(o, (byte) (primary ? 1 : 2));
        IsoBytes.ascii(b, o + 1, 5, "CD001");
        b.put(o + 6, (byte) 1);
        String volumeId = l.image.volumeId();
        if (primary) {
            IsoBytes.ascii(b, o + 8, 32, "LINUX");
            IsoBytes.ascii(b, o + 40, 32, volumeId);
        } else {
            IsoBytes.ucs2(b, o + 8, 32, "LINUX");
            IsoBytes.ucs2(b, o + 40, 32, volumeId.length() > 16 ? volumeId.substring(0, 16) : volumeId);
            b.put(o + 88, (byte) '%').put(o + 89, (byte) '/').put(o + 90, (byte) 'E');
        }
        IsoBytes.both32(b, o + 80, l.totalSectors);
        IsoBytes.both16(b, o + 120, 1);
        IsoBytes.both16(b, o + 124, 1);
        IsoBytes.both16(b, o + 128, IsoBytes.SECTOR);
        int tableSize = primary ? l.primaryPathTableSize : l.jolietPathTableSize;
        IsoBytes.both32(b, o + 132, tableSize);
        IsoBytes.le32(b, o + 140, l.pathTableLba[primary ? 0 : 2]);
        IsoBytes.be32(b, o + 148, l.pathTableLba[primary ? 1 : 3]);
        IsoLayout.Dir r = l.root;
        record(b, o + 156, 34, primary ? r.primaryLba : r.jolietLba, primary ? r.primarySize : r.jolietSize,
                true, new byte[] {0}, l);
        for (int field : new int[] {190, 318, 446, 574}) {
            if (primary) {
                IsoBytes.ascii(b, o + field, 128, field == 574 ? "JVIRT" : "");
            } else {
                IsoBytes.ucs2(b, o + field, 128, field == 574 ? "JVIRT" : "");
            }
        }
        for (int field : new int[] {702, 739, 776}) {
            if (primary) {
                IsoBytes.ascii(b, o + field, 37, "");
            } else {
                IsoBytes.ucs2(b, o + field, 36, "");
            }
        }
        IsoBytes.volumeTime(b, o + 813, l.image.time());
        IsoBytes.volumeTime(b, o + 830, l.image.time());
        IsoBytes.volumeTime(b, o + 847, null);
        IsoBytes.volumeTime(b, o + 864, l.image.time());
        b.put(o + 881, (byte) 1);
    }

    private static void pathTable(ByteBuffer b, int lba, List<IsoLayout.Dir> dirs, boolean primary,
                                  boolean littleEndian) {
        int p = lba * IsoBytes.SECTOR;
        for (IsoLayout.Dir d : dirs) {
            int len = IsoLayout.pathIdLength(d, primary);
            int extent = primary ? d.primaryLba : d.jolietLba;
            int parent = d.parent == null ? 1 : primary ? d.parent.primaryNumber : d.parent.jolietNumber;
            b.put(p, (byte) len).put(p + 1, (byte) 0);
            if (littleEndian) {
                IsoBytes.le32(b, p + 2, extent);
                IsoBytes.le16(b, p + 6, parent);
            } else {
                IsoBytes.be32(b, p + 2, extent);
                IsoBytes.be16(b, p + 6, parent);
            }
            byte[] id = d.parent == null ? new byte[] {0}
                    : primary ? d.isoName.getBytes(StandardCharsets.US_ASCII)
                    : IsoBytes.ucs2(d.jolietName);
            b.put(p + 8, id);
            p += 8 + len + (len & 1);
        }
    }

    private static void directory(ByteBuffer b, IsoLayout l, IsoLayout.Dir d, boolean primary) {
        int start = (primary ? d.primaryLba : d.jolietLba) * IsoBytes.SECTOR;
        int size = primary ? d.primarySize : d.jolietSize;
        int[] pos = {start};
        IsoLayout.Dir parent = d.parent == null ? d : d.parent;
        // "." and ".."
        int dotLen = primary ? IsoLayout.dotLength(d) : 34;
        int at = place(pos, dotLen);
        int su = record(b, at, dotLen, primary ? d.primaryLba : d.jolietLba, size, true, new byte[] {0}, l);
        if (primary) {
            if (d.parent == null) {
                su = RockRidge.sp(b, su);
            }
            su = RockRidge.px(b, su, RockRidge.DIR_MODE, 2 + d.subdirs);
            if (d.parent == null) {
                RockRidge.ce(b, su, IsoLayout.CONTINUATION, RockRidge.erLength());
            }
        }
        int dotdotLen = primary ? 34 + RockRidge.PX_LENGTH : 34;
        at = place(pos, dotdotLen);
        su = record(b, at, dotdotLen, primary ? parent.primaryLba : parent.jolietLba,
                primary ? parent.primarySize : parent.jolietSize, true, new byte[] {1}, l);
        if (primary) {
            RockRidge.px(b, su, RockRidge.DIR_MODE, 2 + parent.subdirs);
        }
        for (IsoLayout.Item it : primary ? d.primaryOrder : d.jolietOrder) {
            int len = primary ? IsoLayout.primaryLength(it) : IsoLayout.jolietLength(it);
            at = place(pos, len);
            byte[] id = primary ? it.isoName.getBytes(StandardCharsets.US_ASCII)
                    : IsoBytes.ucs2(it.jolietName);
            int extent;
            int dataLength;
            switch (it.node) {
                case IsoNode.Directory ignored -> {
                    extent = primary ? it.dir.primaryLba : it.dir.jolietLba;
                    dataLength = primary ? it.dir.primarySize : it.dir.jolietSize;
                }
                case IsoNode.File f -> {
                    extent = it.fileLba;
                    dataLength = f.size();
                }
            }
            su = record(b, at, len, extent, dataLength, it.dir != null, id, l);
            if (primary) {
                su = RockRidge.px(b, su, it.dir != null ? RockRidge.DIR_MODE : RockRidge.FILE_MODE,
                        it.dir != null ? 2 + it.dir.subdirs : 1);
                RockRidge.nm(b, su, IsoLayout.rrName(it));
            }
        }
        if (pos[0] > start + size) {
            throw new IllegalStateException("directory overflow");
        }
    }

    /** Where the next record of {@code len} bytes goes: at the next sector when it would cross one. */
    private static int place(int[] pos, int len) {
        int room = IsoBytes.SECTOR - pos[0] % IsoBytes.SECTOR;
        if (len > room) {
            pos[0] += room;
        }
        int at = pos[0];
        pos[0] += len;
        return at;
    }

    /** Writes a directory record's fixed part and identifier; returns where its system use area starts. */
    private static int record(ByteBuffer b, int at, int len, int extent, long size, boolean dir, byte[] id,
                              IsoLayout l) {
        b.put(at, (byte) len).put(at + 1, (byte) 0);
        IsoBytes.both32(b, at + 2, extent);
        IsoBytes.both32(b, at + 10, size);
        IsoBytes.recordTime(b, at + 18, l.image.time());
        b.put(at + 25, (byte) (dir ? 2 : 0)).put(at + 26, (byte) 0).put(at + 27, (byte) 0);
        IsoBytes.both16(b, at + 28, 1);
        b.put(at + 32, (byte) id.length);
        b.put(at + 33, id);
        return at + 33 + id.length + ((id.length & 1) == 0 ? 1 : 0);
    }
}
