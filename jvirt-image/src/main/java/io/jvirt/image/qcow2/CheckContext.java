package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What every step of a qcow2 check works on: the open file, its header, the sizes and masks
 * derived from it, and the message log (qemu prints these lines on stderr as it goes).
 */
final class CheckContext {

    static final long L1_OFFSET_MASK = 0x00fffffffffffe00L;
    static final long L1_RESERVED_MASK = 0x7f000000000001ffL;
    static final long L2_OFFSET_MASK = 0x00fffffffffffe00L;
    static final long L2_RESERVED_MASK = 0x3f000000000001feL;
    static final long REFT_OFFSET_MASK = 0xfffffffffffffe00L;
    static final long REFT_RESERVED_MASK = 0x1ffL;
    static final long COPIED = 1L << 63;
    static final long COMPRESSED = 1L << 62;
    static final long ZERO = 1L;
    static final long BITMAP_ALL_ALLOC = 0xffffffffL;
    static final long BITMAP_ALL_ZEROES = 0xffffffffL << 32;

    final FileIo io;
    final Qcow2Header header;
    final int clusterBits;
    final int clusterSize;
    final boolean extended;
    /** Entries per L2 table. */
    final int l2Entries;
    /** Largest refcount the image's refcount width holds. */
    final long refcountMax;
    /** log2 of the refcount entries per refcount block. */
    final int refblockBits;
    final long compressedOffsetMask;
    final int compressedSizeShift;
    final long compressedSizeMask;
    final List<String> log;

    CheckContext(FileIo io, Qcow2Header header, List<String> log) {
        this.io = io;
        this.header = header;
        this.clusterBits = header.clusterBits();
        this.clusterSize = header.clusterSize();
        this.extended = header.extendedL2();
        this.l2Entries = clusterSize / (extended ? 16 : 8);
        int bits = header.refcountBits();
        this.refcountMax = bits == 64 ? Long.MAX_VALUE : (1L << bits) - 1;
        this.refblockBits = clusterBits + 3 - header.refcountOrder();
        this.compressedSizeShift = 62 - (clusterBits - 8);
        this.compressedOffsetMask = (1L << compressedSizeShift) - 1;
        this.compressedSizeMask = (1L << (clusterBits - 8)) - 1;
        this.log = log;
    }

    long fileLength() {
        return io.size();
    }

    long clusters(long bytes) {
        return (bytes + clusterSize - 1) >>> clusterBits;
    }

    void log(String line) {
        log.add(line);
    }

    /** Reads big-endian words; what lies past the end of the file reads as zeroes, as in qemu. */
    long[] readWords(long offset, int count, String what) {
        byte[] raw = new byte[count * 8];
        try {
            io.readOrZero(offset, raw, 0, raw.length);
        } catch (ImageException e) {
            throw new CheckFailure("The " + what + " of image " + io.path() + " at offset " + offset
                    + " cannot be read: " + e.getMessage());
        }
        long[] words = new long[count];
        ByteBuffer.wrap(raw).asLongBuffer().get(words);
        return words;
    }

    /** Writes bytes during a repair; a failure ends the check. */
    void write(long offset, byte[] data, String what) {
        try {
            io.write(offset, data, 0, data.length);
        } catch (ImageException e) {
            throw new CheckFailure("The repair could not write the " + what + " of image " + io.path() + ": "
                    + e.getMessage());
        }
    }

    void sync() {
        try {
            io.sync();
        } catch (ImageException e) {
            throw new CheckFailure("The repaired metadata of image " + io.path() + " could not be flushed to disk: "
                    + e.getMessage());
        }
    }

    static String hex(long v) {
        return Long.toHexString(v);
    }
}
