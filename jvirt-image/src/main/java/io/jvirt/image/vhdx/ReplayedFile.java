package io.jvirt.image.vhdx;

import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A VHDX file as it reads once its log has been replayed, without writing anything: the
 * 4 KiB sectors the active log sequence rewrites are taken from the log, the ranges it zeroes
 * read as zeros, and the file reads as extended to the size the log asks for. With an empty
 * log this is the file itself. Every metadata read after the headers goes through here.
 */
final class ReplayedFile {

    /** The 4 KiB unit of the log. */
    static final int SECTOR = 4096;

    /**
     * What the log puts at {@code [start, end)}: the data sector at {@code logPosition} (bytes 8
     * to 4091 of the update) completed by the descriptor's leading and trailing bytes, or
     * zeros when {@code logPosition} is -1.
     */
    private record Piece(long start, long end, long logPosition, long leading, int trailing) {
    }

    private final ImageFile file;
    private final NavigableMap<Long, Piece> pieces = new TreeMap<>();
    private long size;

    /** Wraps a file whose log is empty. */
    ReplayedFile(ImageFile file) {
        this.file = file;
        this.size = file.size();
    }

    /** @return the file underneath, for messages and for reading the log itself */
    ImageFile file() {
        return file;
    }

    /** @return the size of the file after the replay */
    long size() {
        return size;
    }

    /** @return whether the log changed anything */
    boolean replayed() {
        return !pieces.isEmpty() || size != file.size();
    }

    /** Records a 4 KiB update whose data sector lies at {@code logPosition} in the file. */
    void data(long target, long logPosition, long leading, int trailing) {
        put(new Piece(target, target + SECTOR, logPosition, leading, trailing));
    }

    /** Records a range the log zeroes. */
    void zero(long target, long length) {
        if (length > 0) {
            put(new Piece(target, target + length, -1, 0, 0));
        }
    }

    /** Makes the file read as at least {@code length} bytes long. */
    void extendTo(long length) {
        size = Math.max(size, length);
    }

    private void put(Piece p) {
        List<Piece> overlapping = new ArrayList<>();
        Map.Entry<Long, Piece> before = pieces.lowerEntry(p.start());
        if (before != null && before.getValue().end() > p.start()) {
            overlapping.add(before.getValue());
        }
        overlapping.addAll(pieces.subMap(p.start(), true, p.end(), false).values());
        for (Piece o : overlapping) {
            pieces.remove(o.start());
            if (o.start() < p.start()) {
                pieces.put(o.start(), new Piece(o.start(), p.start(), -1, 0, 0));
            }
            if (o.end() > p.end()) {
                pieces.put(p.end(), new Piece(p.end(), o.end(), -1, 0, 0));
            }
        }
        pieces.put(p.start(), p);
        extendTo(p.end());
    }

    /**
     * Fails unless the range lies inside the replayed file.
     *
     * @throws io.jvirt.image.ImageException of kind TRUNCATED otherwise
     */
    void require(long position, long length, String what) {
        if (position < 0 || length < 0 || position > size || length > size - position) {
            throw file.truncated(what + " at offset " + position + " with length " + length
                    + " extends past the end of the file, which is " + size + " bytes long");
        }
    }

    /** Reads bytes as they are after the replay. */
    void readFully(long position, byte[] buf, int off, int len, String what) {
        require(position, len, what);
        long inFile = Math.max(0, Math.min(len, file.size() - position));
        if (inFile > 0) {
            file.readFully(position, buf, off, (int) inFile, what);
        }
        Arrays.fill(buf, off + (int) inFile, off + len, (byte) 0);
        if (pieces.isEmpty()) {
            return;
        }
        long end = position + len;
        Map.Entry<Long, Piece> first = pieces.floorEntry(position);
        long from = first != null ? first.getKey() : position;
        for (Piece p : pieces.subMap(from, true, end, false).values()) {
            long a = Math.max(p.start(), position);
            long b = Math.min(p.end(), end);
            if (a >= b) {
                continue;
            }
            if (p.logPosition() < 0) {
                Arrays.fill(buf, off + (int) (a - position), off + (int) (b - position), (byte) 0);
            } else {
                byte[] sector = sector(p, what);
                System.arraycopy(sector, (int) (a - p.start()), buf, off + (int) (a - position), (int) (b - a));
            }
        }
    }

    /** Reads bytes into a new little-endian buffer; the caller bounds {@code len}. */
    ByteBuffer read(long position, int len, String what) {
        require(position, len, what);
        byte[] data = new byte[len];
        readFully(position, data, 0, len, what);
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private byte[] sector(Piece p, String what) {
        byte[] sector = new byte[SECTOR];
        file.readFully(p.logPosition(), sector, 0, SECTOR, "the log data sector for " + what);
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, p.leading());
        b.putInt(SECTOR - 4, p.trailing());
        return sector;
    }
}
