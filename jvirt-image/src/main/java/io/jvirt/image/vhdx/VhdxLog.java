package io.jvirt.image.vhdx;

import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The VHDX log: a ring of 4 KiB sectors holding metadata updates that must be applied before
 * the file is read. An empty log (zero log GUID or length) changes nothing. Otherwise the
 * active sequence is found as the specification describes (MS-VHDX 2.3.3): chains of valid
 * entries whose sequence numbers rise by one, the head entry's tail pointing into its chain,
 * the chain with the highest head sequence number winning. Its updates are replayed in memory
 * through {@link ReplayedFile}; the file is never written. A log with no valid sequence is
 * taken as empty, as QEMU does.
 *
 * <p>An entry is valid when its header (signature {@code loge}, length a multiple of 4 KiB
 * within the log, non-zero sequence number, the header's log GUID), its descriptors
 * ({@code desc} or {@code zero}, 4 KiB aligned targets, the entry's sequence number), its data
 * sectors ({@code data}, split sequence number) and its CRC-32C over the whole entry all check.
 */
final class VhdxLog {

    /** Largest log examined; Hyper-V and QEMU make 1 MiB logs. */
    static final long MAX_LOG = 256L << 20;
    /** Bytes the search may read in all before it gives up on a damaged log. */
    private static final long READ_BUDGET = 1L << 30;
    private static final int SECTOR = ReplayedFile.SECTOR;
    private static final int ENTRY_SIGNATURE = 0x65676f6c;
    private static final int DATA_DESCRIPTOR = 0x63736564;
    private static final int ZERO_DESCRIPTOR = 0x6f72657a;
    private static final int DATA_SECTOR = 0x61746164;
    private static final int DESCRIPTOR = 32;
    private static final int ENTRY_HEADER = 64;

    /** One validated entry: where it starts in the log, its header fields and descriptors. */
    private record Entry(long at, long length, long tail, long sequence, long flushedFileOffset,
            long lastFileOffset, List<ByteBuffer> descriptors, long firstDataSector) {
    }

    private final ImageFile file;
    private final VhdxHeader header;
    private long budget = READ_BUDGET;

    private VhdxLog(ImageFile file, VhdxHeader header) {
        this.file = file;
        this.header = header;
    }

    /**
     * Checks the log's placement and replays its active sequence, if any, in memory.
     *
     * @param file the image
     * @param header the current header
     * @return the file as it reads after the replay
     */
    static ReplayedFile replay(ImageFile file, VhdxHeader header) {
        ReplayedFile out = new ReplayedFile(file);
        long offset = header.logOffset();
        long length = header.logLength();
        if (length == 0 && header.logGuid().isZero()) {
            return out;
        }
        if (offset < VhdxHeader.SECTION || offset % VhdxHeader.MB != 0) {
            throw file.corrupt("the log offset " + offset + " is not a multiple of 1 MiB past the header section");
        }
        if (length % VhdxHeader.MB != 0) {
            throw file.corrupt("the log length " + length + " is not a multiple of 1 MiB");
        }
        file.require(offset, length, "the log");
        if (header.logGuid().isZero() || length == 0) {
            return out;
        }
        if (header.logVersion() != 0) {
            throw file.unsupported("the log has version " + header.logVersion() + ", and only version 0 is defined");
        }
        if (length > MAX_LOG) {
            throw file.limit("its log of " + length + " bytes must be replayed, and jvirt replays logs of at most "
                    + MAX_LOG + " bytes; replay it with 'qemu-img check -r all' first");
        }
        List<Entry> active = new VhdxLog(file, header).activeSequence();
        if (active.isEmpty()) {
            return out;
        }
        Entry head = active.getLast();
        if (Long.compareUnsigned(head.flushedFileOffset(), file.size()) > 0) {
            throw file.truncated("its log records a file of at least " + Long.toUnsignedString(head.flushedFileOffset())
                    + " bytes, but the file has " + file.size() + " bytes");
        }
        long limit = Math.max(file.size(), roundUp(head.lastFileOffset()));
        for (Entry e : active) {
            apply(file, header, e, out, limit);
        }
        out.extendTo(roundUp(head.lastFileOffset()));
        return out;
    }

    private static long roundUp(long value) {
        if (value < 0 || value > (1L << 62)) {
            return 1L << 62;
        }
        return (value + VhdxHeader.MB - 1) / VhdxHeader.MB * VhdxHeader.MB;
    }

    private static void apply(ImageFile file, VhdxHeader header, Entry e, ReplayedFile out, long limit) {
        long dataSector = e.firstDataSector();
        for (ByteBuffer d : e.descriptors()) {
            long target = d.getLong(16);
            long length = d.getInt(0) == ZERO_DESCRIPTOR ? d.getLong(8) : SECTOR;
            boolean inLog = target < header.logOffset() + header.logLength() && target + length > header.logOffset();
            if (target < 3 * 64 * 1024 || Long.compareUnsigned(length, limit) > 0 || target > limit - length
                    || inLog) {
                throw file.corrupt("log entry " + e.sequence() + " writes " + length + " bytes at offset " + target
                        + ", outside the metadata a log may update");
            }
            if (d.getInt(0) == ZERO_DESCRIPTOR) {
                out.zero(target, length);
            } else {
                long at = header.logOffset() + dataSector;
                out.data(target, at, d.getLong(8), d.getInt(4));
                dataSector = (dataSector + SECTOR) % header.logLength();
            }
        }
    }

    /** Searches the ring for the active sequence, tail entry first; empty when there is none. */
    private List<Entry> activeSequence() {
        long length = header.logLength();
        List<Entry> candidate = List.of();
        long tail = 0;
        long oldTail = 0;
        for (long round = 0; round <= length / SECTOR; round++) {
            List<Entry> chain = new ArrayList<>();
            long head = tail;
            long used = 0;
            while (used < length) {
                Entry e = entry(head);
                if (e == null || (!chain.isEmpty() && e.sequence() != chain.getLast().sequence() + 1)) {
                    break;
                }
                chain.add(e);
                used += e.length();
                head = (head + e.length()) % length;
            }
            List<Entry> sequence = fromTail(chain);
            if (!sequence.isEmpty() && (candidate.isEmpty()
                    || Long.compareUnsigned(sequence.getLast().sequence(), candidate.getLast().sequence()) > 0)) {
                candidate = sequence;
            }
            tail = sequence.isEmpty() ? (tail + SECTOR) % length : head;
            if (tail <= oldTail) {
                break;
            }
            oldTail = tail;
        }
        return candidate;
    }

    /** The part of a chain from the entry its head's tail names, or empty when it names none. */
    private static List<Entry> fromTail(List<Entry> chain) {
        if (chain.isEmpty()) {
            return List.of();
        }
        long tail = chain.getLast().tail();
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).at() == tail) {
                return List.copyOf(chain.subList(i, chain.size()));
            }
        }
        return List.of();
    }

    /** Reads and validates the entry at {@code at}; null when it is not a valid entry. */
    private Entry entry(long at) {
        long length = header.logLength();
        ByteBuffer first = sector(at);
        if (first.getInt(0) != ENTRY_SIGNATURE) {
            return null;
        }
        long entryLength = Integer.toUnsignedLong(first.getInt(8));
        long tail = Integer.toUnsignedLong(first.getInt(12));
        long sequence = first.getLong(16);
        long count = Integer.toUnsignedLong(first.getInt(24));
        if (entryLength == 0 || entryLength % SECTOR != 0 || entryLength > length || sequence == 0
                || tail % SECTOR != 0 || tail >= length || !Guid.at(first, 32).equals(header.logGuid())) {
            return null;
        }
        long descriptorSectors = (count + 2 + 127) / 128;
        long sectors = entryLength / SECTOR;
        if (descriptorSectors > sectors) {
            return null;
        }
        List<ByteBuffer> descriptors = new ArrayList<>();
        CRC32C crc = new CRC32C();
        long dataDescriptors = 0;
        for (long s = 0; s < sectors; s++) {
            ByteBuffer b = s == 0 ? first : sector((at + s * SECTOR) % length);
            if (s < descriptorSectors) {
                int from = s == 0 ? ENTRY_HEADER : 0;
                for (int p = from; p < SECTOR && descriptors.size() < count; p += DESCRIPTOR) {
                    ByteBuffer d = b.slice(p, DESCRIPTOR).order(ByteOrder.LITTLE_ENDIAN);
                    if (!descriptorValid(d, sequence)) {
                        return null;
                    }
                    descriptors.add(d);
                    if (d.getInt(0) == DATA_DESCRIPTOR) {
                        dataDescriptors++;
                    }
                }
                if (descriptorSectors + dataDescriptors > sectors) {
                    return null;
                }
            } else if (s < descriptorSectors + dataDescriptors && !dataSectorValid(b, sequence)) {
                return null;
            }
            byte[] bytes = b.array();
            if (s == 0) {
                crc.update(bytes, 0, 4);
                crc.update(new byte[4]);
                crc.update(bytes, 8, SECTOR - 8);
            } else {
                crc.update(bytes);
            }
        }
        if ((int) crc.getValue() != first.getInt(4)) {
            return null;
        }
        long firstData = (at + descriptorSectors * SECTOR) % length;
        return new Entry(at, entryLength, tail, sequence, first.getLong(48), first.getLong(56), descriptors,
                firstData);
    }

    private static boolean descriptorValid(ByteBuffer d, long sequence) {
        if (d.getLong(24) != sequence || d.getLong(16) % SECTOR != 0 || d.getLong(16) < 0) {
            return false;
        }
        return switch (d.getInt(0)) {
            case DATA_DESCRIPTOR -> true;
            case ZERO_DESCRIPTOR -> d.getLong(8) % SECTOR == 0 && d.getLong(8) >= 0;
            default -> false;
        };
    }

    private static boolean dataSectorValid(ByteBuffer b, long sequence) {
        return b.getInt(0) == DATA_SECTOR && b.getInt(4) == (int) (sequence >>> 32)
                && b.getInt(SECTOR - 4) == (int) sequence;
    }

    private ByteBuffer sector(long at) {
        budget -= SECTOR;
        if (budget < 0) {
            throw file.corrupt("its log is too damaged to search: more than " + READ_BUDGET
                    + " bytes were read without settling on a sequence");
        }
        return file.read(header.logOffset() + at, SECTOR, ByteOrder.LITTLE_ENDIAN, "a log sector");
    }
}
