package io.jvirt.image.vmdk;

import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.LruCache;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the deflate (zlib) grains of a stream-optimized extent, keeping the last
 * few in memory so that small sequential reads inflate each grain once.
 */
final class CompressedGrains {

    private static final int MARKER_BYTES = 12;
    private static final int CACHED_GRAINS = 4;

    private final ImageFile file;
    private final SparseHeader header;
    private final int grainBytes;
    private final int maxCompressed;
    private final LruCache<byte[]> cache = new LruCache<>(CACHED_GRAINS);

    CompressedGrains(ImageFile file, SparseHeader header) {
        this.file = file;
        this.header = header;
        this.grainBytes = (int) header.grainBytes();
        this.maxCompressed = 2 * grainBytes + 4096;
    }

    /**
     * Returns the guest bytes of grain {@code grain}, whose data starts at file sector
     * {@code sector}. The array may be shorter than a grain; the rest reads as zeros.
     */
    byte[] grain(long grain, long sector) {
        return cache.get(grain, g -> inflate(g, sector));
    }

    private byte[] inflate(long grain, long sector) {
        long position = sector * 512;
        String what = "compressed grain " + grain;
        byte[] input;
        if (header.hasMarkers()) {
            ByteBuffer marker = file.read(position, MARKER_BYTES, ByteOrder.LITTLE_ENDIAN, "the marker of " + what);
            long lba = marker.getLong(0);
            long size = Integer.toUnsignedLong(marker.getInt(8));
            long expected = grain * header.grainSize();
            if (lba != expected) {
                throw file.corrupt(what + " at offset " + position + " is marked as guest sector "
                        + Long.toUnsignedString(lba) + ", but the grain table maps it to guest sector " + expected);
            }
            if (size == 0 || size > maxCompressed) {
                throw file.corrupt(what + " at offset " + position + " claims " + size
                        + " compressed bytes, but a grain of " + grainBytes + " bytes needs between 1 and "
                        + maxCompressed);
            }
            input = file.read(position + MARKER_BYTES, (int) size, ByteOrder.LITTLE_ENDIAN, what).array();
        } else {
            file.require(position, 1, what);
            int available = (int) Math.min(maxCompressed, file.size() - position);
            input = file.read(position, available, ByteOrder.LITTLE_ENDIAN, what).array();
        }
        return decompress(input, what, position);
    }

    private byte[] decompress(byte[] input, String what, long position) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(input);
            byte[] out = new byte[grainBytes];
            int total = 0;
            while (!inflater.finished() && total < out.length) {
                int n = inflater.inflate(out, total, out.length - total);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                total += n;
            }
            if (!inflater.finished()) {
                byte[] probe = new byte[1];
                if (total == out.length && inflater.inflate(probe) > 0) {
                    throw file.corrupt(what + " at offset " + position + " decompresses to more than the grain size"
                            + " of " + grainBytes + " bytes");
                }
                if (!inflater.finished()) {
                    throw file.corrupt(what + " at offset " + position + " ends before its compressed stream does");
                }
            }
            if (total == out.length) {
                return out;
            }
            byte[] shorter = new byte[total];
            System.arraycopy(out, 0, shorter, 0, total);
            return shorter;
        } catch (DataFormatException e) {
            throw file.corrupt(what + " at offset " + position + " holds invalid deflate data");
        } finally {
            inflater.end();
        }
    }
}
