package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The qcow2 header and its extensions, as stored in cluster 0.
 *
 * @param version 2 or 3
 * @param clusterBits log2 of the cluster size (9 to 21)
 * @param size virtual size
 * @param l1Size number of L1 entries
 * @param l1TableOffset L1 table offset
 * @param refcountTableOffset refcount table offset
 * @param refcountTableClusters refcount table length in clusters
 * @param nbSnapshots number of internal snapshots
 * @param snapshotsOffset snapshot table offset
 * @param incompatible incompatible feature bits
 * @param compatible compatible feature bits
 * @param autoclear autoclear feature bits
 * @param refcountOrder log2 of the refcount width
 * @param headerLength header length (72 for v2)
 * @param compressionType compression type byte
 * @param backingFile backing file name, or null
 * @param backingFormat backing format from the extension, or null
 * @param otherExtensions extensions kept verbatim when the header is rewritten
 */
public record Qcow2Header(int version, int clusterBits, long size, int l1Size, long l1TableOffset,
        long refcountTableOffset, int refcountTableClusters, int nbSnapshots, long snapshotsOffset,
        long incompatible, long compatible, long autoclear, int refcountOrder, int headerLength,
        int compressionType, String backingFile, String backingFormat, List<Extension> otherExtensions) {

    /** "QFI\xfb". */
    public static final int MAGIC = 0x514649fb;
    /** Incompatible bit: refcounts may be inconsistent. */
    public static final long DIRTY = 1;
    /** Incompatible bit: image is corrupt. */
    public static final long CORRUPT = 2;
    /** Incompatible bit: external data file. */
    public static final long EXTERNAL_DATA = 4;
    /** Incompatible bit: compression type field is used. */
    public static final long COMPRESSION_TYPE = 8;
    /** Incompatible bit: extended L2 entries. */
    public static final long EXTENDED_L2 = 16;
    /** Compatible bit: lazy refcounts. */
    public static final long LAZY_REFCOUNTS = 1;
    /** Largest L1 table qemu accepts, in bytes. */
    public static final long MAX_L1_BYTES = 32L << 20;
    /** Largest refcount table qemu accepts, in bytes. */
    public static final long MAX_REFTABLE_BYTES = 8L << 20;

    private static final int EXT_END = 0;
    private static final int EXT_BACKING_FORMAT = 0xE2792ACA;
    private static final int EXT_FEATURE_TABLE = 0x6803f857;
    private static final int EXT_BITMAPS = 0x23852875;

    /**
     * A header extension kept as bytes.
     *
     * @param type extension type
     * @param data payload
     */
    public record Extension(int type, byte[] data) {
    }

    /** Defensive copy. */
    public Qcow2Header {
        otherExtensions = List.copyOf(otherExtensions);
    }

    /** @return cluster size in bytes */
    public int clusterSize() {
        return 1 << clusterBits;
    }

    /** @return whether L2 entries are 128 bits wide */
    public boolean extendedL2() {
        return (incompatible & EXTENDED_L2) != 0;
    }

    /** @return refcount width in bits */
    public int refcountBits() {
        return 1 << refcountOrder;
    }

    /**
     * Parses and validates the header of an opened file.
     *
     * @param io the file
     * @return the header
     */
    public static Qcow2Header read(FileIo io) {
        return read(io, false);
    }

    /**
     * Parses the header for a consistency check: like {@link #read(FileIo)}, but tables that lie
     * past the end of the file, an empty refcount table and the snapshot table are left for the
     * check to report (qemu opens images for checking the same way).
     *
     * @param io the file
     * @return the header
     */
    public static Qcow2Header readForCheck(FileIo io) {
        return read(io, true);
    }

    private static Qcow2Header read(FileIo io, boolean forCheck) {
        Path p = io.path();
        long fileSize = io.size();
        if (fileSize < 72) {
            throw new ImageException(ImageException.Kind.TRUNCATED, p, "The qcow2 header of image " + p
                    + " is truncated: the file has " + fileSize + " bytes but a header needs at least 72.");
        }
        byte[] first = new byte[(int) Math.min(fileSize, 4096)];
        io.readFully(0, first, 0, first.length, "header");
        ByteBuffer b = ByteBuffer.wrap(first);
        if (b.getInt(0) != MAGIC) {
            throw corrupt(p, "Image " + p + " does not start with the qcow2 magic.");
        }
        int version = b.getInt(4);
        if (version != 2 && version != 3) {
            throw new ImageException(ImageException.Kind.UNSUPPORTED, p,
                    "Image " + p + " is qcow2 version " + version + "; only versions 2 and 3 are supported.");
        }
        long backingOffset = b.getLong(8);
        int backingSize = b.getInt(16);
        int clusterBits = b.getInt(20);
        if (clusterBits < 9 || clusterBits > 21) {
            throw corrupt(p, "Image " + p + " declares cluster bits " + clusterBits
                    + "; qcow2 cluster sizes range from 512 bytes (9) to 2 MiB (21).");
        }
        int cs = 1 << clusterBits;
        if (first.length < Math.min(fileSize, cs)) {
            first = new byte[(int) Math.min(fileSize, cs)];
            io.readFully(0, first, 0, first.length, "header");
            b = ByteBuffer.wrap(first);
        }
        long size = b.getLong(24);
        if (b.getInt(32) != 0) {
            throw new ImageException(ImageException.Kind.UNSUPPORTED, p,
                    "Image " + p + " is encrypted, which this engine does not support.");
        }
        int l1Size = b.getInt(36);
        long l1Offset = b.getLong(40);
        long rtOffset = b.getLong(48);
        int rtClusters = b.getInt(56);
        int nbSnapshots = b.getInt(60);
        long snapOffset = b.getLong(64);
        long incompatible = 0;
        long compatible = 0;
        long autoclear = 0;
        int refcountOrder = 4;
        int headerLength = 72;
        int compression = 0;
        if (version == 3) {
            if (fileSize < 104) {
                throw new ImageException(ImageException.Kind.TRUNCATED, p, "The qcow2 v3 header of image " + p
                        + " is truncated: the file has " + fileSize + " bytes but the header needs 104.");
            }
            incompatible = b.getLong(72);
            compatible = b.getLong(80);
            autoclear = b.getLong(88);
            refcountOrder = b.getInt(96);
            headerLength = b.getInt(100);
            if (headerLength < 104 || headerLength > Math.min(cs, first.length) || headerLength % 8 != 0) {
                throw corrupt(p, "Image " + p + " declares an invalid header length of " + headerLength + " bytes.");
            }
            if (headerLength > 104) {
                compression = first[104] & 0xff;
            }
        }
        if (refcountOrder < 0 || refcountOrder > 6) {
            throw corrupt(p, "Image " + p + " declares refcount order " + refcountOrder + "; the maximum is 6.");
        }
        long unknown = incompatible & ~(DIRTY | CORRUPT | EXTERNAL_DATA | COMPRESSION_TYPE | EXTENDED_L2);
        if (unknown != 0) {
            throw new ImageException(ImageException.Kind.UNSUPPORTED, p, "Image " + p
                    + " uses unknown incompatible features (bits 0x" + Long.toHexString(unknown) + ").");
        }
        if ((incompatible & EXTERNAL_DATA) != 0) {
            throw new ImageException(ImageException.Kind.UNSUPPORTED, p,
                    "Image " + p + " uses an external data file, which this engine does not support.");
        }
        if (compression > 1 || (compression != 0 && (incompatible & COMPRESSION_TYPE) == 0)) {
            throw corrupt(p, "Image " + p + " declares an invalid compression type " + compression + ".");
        }
        if (size < 0 || size > (1L << 62)) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, p,
                    "Image " + p + " declares an absurd virtual size of " + size + " bytes.");
        }
        int l2Entries = cs / ((incompatible & EXTENDED_L2) != 0 ? 16 : 8);
        long needL1 = ceilDiv(ceilDiv(size, cs), l2Entries);
        if (l1Size < 0 || (long) l1Size * 8 > MAX_L1_BYTES) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, p,
                    "Image " + p + " declares an L1 table of " + Integer.toUnsignedString(l1Size) + " entries, over the 32 MiB limit.");
        }
        if (l1Size < needL1) {
            throw corrupt(p, "The L1 table of image " + p + " has " + l1Size + " entries but the virtual size needs "
                    + needL1 + ".");
        }
        long tableLimit = forCheck ? Long.MAX_VALUE : fileSize;
        checkTable(p, "L1 table", l1Offset, (long) l1Size * 8, cs, tableLimit);
        if (rtClusters < (forCheck ? 0 : 1) || (long) rtClusters * cs > MAX_REFTABLE_BYTES) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, p, "Image " + p + " declares a refcount table of "
                    + Integer.toUnsignedString(rtClusters) + " clusters, outside the accepted 1 cluster to 8 MiB.");
        }
        checkTable(p, "refcount table", rtOffset, (long) rtClusters * cs, cs, tableLimit);
        if (nbSnapshots < 0 || nbSnapshots > 65536) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, p, "Image " + p + " declares "
                    + Integer.toUnsignedString(nbSnapshots) + " snapshots; the limit is 65536.");
        }
        if (nbSnapshots > 0 && !forCheck) {
            checkTable(p, "snapshot table", snapOffset, (long) nbSnapshots * 40, cs, fileSize);
        }
        String backingFormat = null;
        List<Extension> others = new ArrayList<>();
        int pos = headerLength;
        int limit = Math.min(cs, first.length);
        while (true) {
            if (pos + 8 > limit) {
                if (version == 2 && pos == headerLength) {
                    break;
                }
                throw corrupt(p, "The header extensions of image " + p + " run past the first cluster.");
            }
            int type = b.getInt(pos);
            int len = b.getInt(pos + 4);
            if (type == EXT_END) {
                break;
            }
            if (len < 0 || pos + 8L + len > limit) {
                throw corrupt(p, "A header extension of image " + p + " runs past the first cluster.");
            }
            byte[] data = new byte[len];
            System.arraycopy(first, pos + 8, data, 0, len);
            switch (type) {
                case EXT_BACKING_FORMAT -> backingFormat = new String(data, StandardCharsets.UTF_8);
                case EXT_FEATURE_TABLE -> { }
                case EXT_BITMAPS -> { }
                default -> others.add(new Extension(type, data));
            }
            pos += 8 + ((len + 7) & ~7);
        }
        String backing = null;
        if (backingOffset != 0) {
            if (backingSize <= 0 || backingSize > 1023 || backingOffset < 0 || backingOffset + backingSize > limit) {
                throw corrupt(p, "The backing file name of image " + p + " lies outside the first cluster or is longer than 1023 bytes.");
            }
            backing = new String(first, (int) backingOffset, backingSize, StandardCharsets.UTF_8);
        }
        return new Qcow2Header(version, clusterBits, size, l1Size, l1Offset, rtOffset, rtClusters, nbSnapshots,
                snapOffset, incompatible, compatible, autoclear, refcountOrder, headerLength, compression, backing,
                backingFormat, others);
    }

    private static void checkTable(Path p, String what, long offset, long bytes, int cs, long fileSize) {
        if (bytes == 0) {
            return;
        }
        if (offset <= 0 || offset % cs != 0) {
            throw corrupt(p, "The " + what + " of image " + p + " is at offset " + offset
                    + ", which is not a cluster boundary after the header.");
        }
        if (offset > fileSize || bytes > fileSize - offset) {
            throw new ImageException(ImageException.Kind.TRUNCATED, p, "The " + what + " of image " + p
                    + " (offset " + offset + ", " + bytes + " bytes) lies past the end of the file (" + fileSize + " bytes).");
        }
    }

    /**
     * Encodes header, extensions and backing name into one cluster.
     *
     * @return the bytes of cluster 0 up to the end of the backing name
     */
    public byte[] encode() {
        int cs = clusterSize();
        ByteBuffer b = ByteBuffer.allocate(cs);
        b.putInt(MAGIC).putInt(version).putLong(0).putInt(0).putInt(clusterBits).putLong(size).putInt(0)
                .putInt(l1Size).putLong(l1TableOffset).putLong(refcountTableOffset).putInt(refcountTableClusters)
                .putInt(nbSnapshots).putLong(snapshotsOffset);
        int hl = 72;
        if (version == 3) {
            hl = 112;
            b.putLong(incompatible).putLong(compatible).putLong(0).putInt(refcountOrder).putInt(hl);
            b.put((byte) compressionType);
            b.position(hl);
        }
        try {
            if (backingFormat != null) {
                putExt(b, EXT_BACKING_FORMAT, backingFormat.getBytes(StandardCharsets.UTF_8));
            }
            if (version == 3) {
                putExt(b, EXT_FEATURE_TABLE, FeatureTable.bytes());
            }
            for (Extension e : otherExtensions) {
                putExt(b, e.type(), e.data());
            }
            b.putInt(EXT_END).putInt(0);
            if (backingFile != null) {
                byte[] name = backingFile.getBytes(StandardCharsets.UTF_8);
                int at = b.position();
                b.put(name);
                b.putLong(8, at);
                b.putInt(16, name.length);
            }
        } catch (java.nio.BufferOverflowException e) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, null, "The qcow2 header with its backing file name does not fit in one "
                    + cs + "-byte cluster.");
        }
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }

    private static void putExt(ByteBuffer b, int type, byte[] data) {
        b.putInt(type).putInt(data.length).put(data);
        int pad = (8 - data.length % 8) % 8;
        b.put(new byte[pad]);
    }

    /**
     * Returns a copy with other fields.
     *
     * @param newSize virtual size
     * @param newL1Size L1 entries
     * @param newL1Offset L1 offset
     * @return the copy
     */
    public Qcow2Header withL1(long newSize, int newL1Size, long newL1Offset) {
        return new Qcow2Header(version, clusterBits, newSize, newL1Size, newL1Offset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatible, compatible, 0, refcountOrder,
                headerLength, compressionType, backingFile, backingFormat, otherExtensions);
    }

    /**
     * @param offset refcount table offset
     * @param clusters refcount table clusters
     * @return a copy with another refcount table
     */
    public Qcow2Header withRefcountTable(long offset, int clusters) {
        return new Qcow2Header(version, clusterBits, size, l1Size, l1TableOffset, offset, clusters, nbSnapshots,
                snapshotsOffset, incompatible, compatible, 0, refcountOrder, headerLength, compressionType,
                backingFile, backingFormat, otherExtensions);
    }

    /**
     * @param count number of snapshots
     * @param offset snapshot table offset
     * @return a copy with another snapshot table
     */
    public Qcow2Header withSnapshots(int count, long offset) {
        return new Qcow2Header(version, clusterBits, size, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, count, offset, incompatible, compatible, 0, refcountOrder, headerLength,
                compressionType, backingFile, backingFormat, otherExtensions);
    }

    /**
     * @param bits new incompatible feature bits
     * @return a copy with other incompatible bits
     */
    public Qcow2Header withIncompatible(long bits) {
        return new Qcow2Header(version, clusterBits, size, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, bits, compatible, 0, refcountOrder,
                headerLength, compressionType, backingFile, backingFormat, otherExtensions);
    }

    /**
     * @param file backing file name or null
     * @param format backing format or null
     * @return a copy with another backing file
     */
    public Qcow2Header withBacking(String file, String format) {
        return new Qcow2Header(version, clusterBits, size, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatible, compatible, 0, refcountOrder,
                headerLength, compressionType, file, file == null ? null : format, otherExtensions);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    static ImageException corrupt(Path p, String msg) {
        return new ImageException(ImageException.Kind.CORRUPT, p, msg);
    }
}
