package io.jvirt.cli.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Reads what {@code jvirt install} needs from an ISO 9660 image, in pure Java: the volume id
 * (osinfo's key for detecting the OS) and files by path (the kernel and initrd of an install
 * tree), matching names case-insensitively against their ISO 9660 names (version suffix
 * dropped) and their Rock Ridge names.
 */
final class IsoImage implements AutoCloseable {
    private static final int SECTOR = 2048;

    /** A file or directory of the image: where its data starts and how long it is. */
    record Entry(long extent, long length, boolean directory) {
    }

    private final FileChannel channel;
    private final Entry root;
    private final String volumeId;

    private IsoImage(FileChannel channel, Entry root, String volumeId) {
        this.channel = channel;
        this.root = root;
        this.volumeId = volumeId;
    }

    /**
     * Opens an image.
     *
     * @param file the ISO
     * @return the reader
     * @throws IOException when the file cannot be read or holds no ISO 9660 volume
     */
    static IsoImage open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer pvd = read(ch, 16L * SECTOR, SECTOR);
            if (pvd.get(0) != 1 || !new String(pvd.array(), 1, 5, StandardCharsets.US_ASCII).equals("CD001")) {
                throw new IOException(file + " is not an ISO 9660 image (no primary volume descriptor).");
            }
            String volumeId = new String(pvd.array(), 40, 32, StandardCharsets.US_ASCII).strip();
            Entry root = record(pvd, 156);
            return new IsoImage(ch, root, volumeId);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Reads the volume id of an image, or null when the file is no ISO 9660 image.
     *
     * @param file the file
     * @return the volume id or null
     */
    static String volumeIdOf(Path file) {
        try (IsoImage iso = open(file)) {
            return iso.volumeId();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Returns the volume id. */
    String volumeId() {
        return volumeId;
    }

    /**
     * Finds a file or directory by path ({@code install.amd/vmlinuz}).
     *
     * @param path the path, '/'-separated, relative to the root
     * @return the entry, or null when there is none
     * @throws IOException when the image cannot be read
     */
    Entry find(String path) throws IOException {
        Entry cur = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (cur == null || !cur.directory()) {
                return null;
            }
            cur = child(cur, part);
        }
        return cur;
    }

    /**
     * Reads a whole file.
     *
     * @param e the file
     * @return its bytes
     * @throws IOException when the image cannot be read
     */
    byte[] read(Entry e) throws IOException {
        return read(channel, e.extent() * SECTOR, (int) e.length()).array();
    }

    private Entry child(Entry dir, String name) throws IOException {
        ByteBuffer b = read(channel, dir.extent() * SECTOR, (int) dir.length());
        int pos = 0;
        String want = name.toLowerCase(Locale.ROOT);
        while (pos < b.capacity()) {
            int len = b.get(pos) & 0xff;
            if (len == 0) {
                pos = (pos / SECTOR + 1) * SECTOR;
                continue;
            }
            int nameLen = b.get(pos + 32) & 0xff;
            String isoName = new String(b.array(), pos + 33, nameLen, StandardCharsets.ISO_8859_1);
            int semi = isoName.indexOf(';');
            if (semi >= 0) {
                isoName = isoName.substring(0, semi);
            }
            if (isoName.endsWith(".")) {
                isoName = isoName.substring(0, isoName.length() - 1);
            }
            String rr = rockRidgeName(b, pos + 33 + nameLen + ((nameLen & 1) == 0 ? 1 : 0), pos + len);
            if (want.equals(isoName.toLowerCase(Locale.ROOT)) || (rr != null && rr.equals(name))) {
                return record(b, pos);
            }
            pos += len;
        }
        return null;
    }

    private static String rockRidgeName(ByteBuffer b, int from, int to) {
        int p = from;
        StringBuilder name = null;
        while (p + 4 <= to) {
            int len = b.get(p + 2) & 0xff;
            if (len < 4 || p + len > to) {
                break;
            }
            if (b.get(p) == 'N' && b.get(p + 1) == 'M') {
                if (name == null) {
                    name = new StringBuilder();
                }
                name.append(new String(b.array(), p + 5, len - 5, StandardCharsets.UTF_8));
            }
            p += len;
        }
        return name == null ? null : name.toString();
    }

    private static Entry record(ByteBuffer b, int pos) {
        long extent = Integer.toUnsignedLong(b.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(pos + 2));
        long length = Integer.toUnsignedLong(b.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(pos + 10));
        boolean dir = (b.get(pos + 25) & 2) != 0;
        return new Entry(extent, length, dir);
    }

    private static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new IOException("The ISO image ends early (at byte " + (offset + b.position()) + ").");
            }
        }
        b.flip();
        return b;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
