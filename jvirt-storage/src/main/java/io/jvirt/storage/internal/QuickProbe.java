package io.jvirt.storage.internal;

import io.jvirt.image.FormatProbe;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.internal.FileIo;
import io.jvirt.image.qcow2.Qcow2Header;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fast path of pool refresh: one open per file. A qcow2 header is parsed by the image
 * engine's own {@link Qcow2Header} on that open file; a file whose first and last sectors show
 * no signature the engine's {@link FormatProbe} knows is raw without further reading; anything
 * else goes to the engine's full detection (which names the formats it cannot read).
 */
final class QuickProbe {

    private QuickProbe() {
    }

    /** What the quick look found. */
    sealed interface Found permits Raw, Qcow2, Other {
    }

    /** No signature of any other format: raw. */
    record Raw() implements Found {
    }

    /**
     * A qcow2 image.
     *
     * @param header its header, parsed by the engine
     */
    record Qcow2(Qcow2Header header) implements Found {
    }

    /** Possibly an import format: let the engine decide. */
    record Other() implements Found {
    }

    static Found probe(Path path, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEAD, size));
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
                // read the first sector
            }
            head.flip();
            int n = head.limit();
            if (n >= 8 && head.getInt(0) == Qcow2Header.MAGIC && Integer.compareUnsigned(head.getInt(4), 2) >= 0) {
                Qcow2 fast = simpleQcow2(head, n, size);
                return fast != null ? fast : new Qcow2(Qcow2Header.read(new FileIo(ch, path)));
            }
            byte[] first = new byte[Math.min(n, FormatProbe.SECTOR)];
            head.get(0, first);
            byte[] tail = null;
            if (size >= FormatProbe.SECTOR) {
                ByteBuffer t = ByteBuffer.allocate(FormatProbe.SECTOR);
                while (t.hasRemaining() && ch.read(t, size - FormatProbe.SECTOR + t.position()) > 0) {
                    // read the last sector
                }
                tail = t.position() == FormatProbe.SECTOR ? t.array() : null;
            }
            if (FormatProbe.detect(first, tail) != ImageFormat.RAW) {
                return new Other();
            }
            return new Raw();
        }
    }

    private static final int HEAD = 4096;

    /**
     * Reads the fields a listing needs from an ordinary qcow2 header that lies wholly in the
     * first 4 KiB, or returns null for anything else (encryption, unusual sizes, names or
     * extensions past 4 KiB, a header the checks below do not like), which then goes to the
     * engine's full parse and validation. The engine reads a whole cluster (64 KiB) to
     * validate; for 1000 volumes that read is most of a refresh.
     */
    private static Qcow2 simpleQcow2(ByteBuffer b, int n, long fileSize) {
        if (n < 104) {
            return null;
        }
        int version = b.getInt(4);
        long backingOffset = b.getLong(8);
        int backingSize = b.getInt(16);
        int clusterBits = b.getInt(20);
        long size = b.getLong(24);
        if ((version != 2 && version != 3) || clusterBits < 9 || clusterBits > 21 || b.getInt(32) != 0 || size < 0
                || backingSize < 0 || backingSize > 1023 || backingOffset < 0
                || (backingSize > 0 && backingOffset + backingSize > n)) {
            return null;
        }
        long incompatible = version == 3 ? b.getLong(72) : 0;
        long compatible = version == 3 ? b.getLong(80) : 0;
        int refcountOrder = version == 3 ? b.getInt(96) : 4;
        int headerLength = version == 3 ? b.getInt(100) : 72;
        if ((incompatible & ~(Qcow2Header.DIRTY | Qcow2Header.COMPRESSION_TYPE)) != 0 || refcountOrder > 6
                || headerLength < 72 || headerLength > n || (version == 3 && headerLength < 104)) {
            return null;
        }
        int compressionType = version == 3 && headerLength >= 105 ? b.get(104) & 0xff : 0;
        String backingFormat = null;
        int pos = (headerLength + 7) & ~7;
        while (true) {
            if (pos + 8 > n) {
                return null;
            }
            int type = b.getInt(pos);
            int len = b.getInt(pos + 4);
            if (type == 0) {
                break;
            }
            if (len < 0 || pos + 8L + len > n) {
                return null;
            }
            if (type == 0xE2792ACA) {
                byte[] f = new byte[len];
                b.get(pos + 8, f);
                backingFormat = new String(f, java.nio.charset.StandardCharsets.UTF_8);
            }
            pos += 8 + ((len + 7) & ~7);
        }
        String backingFile = null;
        if (backingSize > 0) {
            byte[] name = new byte[backingSize];
            b.get((int) backingOffset, name);
            backingFile = new String(name, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new Qcow2(new Qcow2Header(version, clusterBits, size, b.getInt(36), b.getLong(40), b.getLong(48),
                b.getInt(56), b.getInt(60), b.getLong(64), incompatible, compatible, version == 3 ? b.getLong(88) : 0,
                refcountOrder, headerLength, compressionType, backingFile, backingFormat, java.util.List.of()));
    }
}
