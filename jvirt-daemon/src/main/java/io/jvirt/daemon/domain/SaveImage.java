package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.store.AtomicFiles;
import io.jvirt.daemon.store.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;

/**
 * A save image in libvirt's format, so that files of {@code virsh save} and {@code jvirt save}
 * are one kind: a 92-byte header (the magic {@code LibvirtQemudSave}, version 2, the length of
 * the data area, whether the guest ran, the compression, where a cookie starts, 14 unused
 * words; little-endian), the data area (the domain's XML with its secrets, NUL-terminated, an
 * optional cookie, zeroes), then QEMU's migration stream to the end of the file. While the
 * stream is written the magic reads {@code LibvirtQemudPart}.
 *
 * <p>jvirt leaves 4 KiB or more of room after the XML and starts the stream on a 4 KiB
 * boundary (libvirt leaves 64 KiB), so that {@code save-image-define} can usually rewrite the
 * data area in place.
 *
 * @param xml the domain's definition when it was saved (with secrets)
 * @param wasRunning whether the guest ran (else it was paused)
 * @param dataLen the length of the data area: the stream starts at {@code HEADER + dataLen}
 * @param cookie libvirt's cookie (its CPU and helper facts), kept as it was; null for none
 */
record SaveImage(String xml, boolean wasRunning, int dataLen, String cookie) {
    /** The header's length. */
    static final int HEADER = 92;
    private static final byte[] MAGIC = "LibvirtQemudSave".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARTIAL = "LibvirtQemudPart".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;
    private static final int ALIGN = 4096;
    private static final int ROOM = 4096;
    /** The most XML a header takes (libvirt's own limit is 10 MiB). */
    private static final int MAX_DATA = 10 << 20;
    /** QEMU's migration stream starts with "QEVM". */
    private static final byte[] STREAM_MAGIC = {'Q', 'E', 'V', 'M'};
    private static final String[] COMPRESSION = {"raw", "gzip", "bzip2", "xz", "lzop"};

    /** A new image's header for {@code xml}, with room to grow. */
    static SaveImage of(String xml, boolean wasRunning) {
        return new SaveImage(xml, wasRunning, dataLenFor(xml, null), null);
    }

    /** The offset of QEMU's migration stream in the file. */
    long streamOffset() {
        return HEADER + (long) dataLen;
    }

    /** This header with another definition and run mark, in the same data area when it fits. */
    SaveImage with(String newXml, boolean running) {
        int need = dataBytes(newXml, cookie).length;
        return new SaveImage(newXml, running, need <= dataLen ? dataLen : dataLenFor(newXml, cookie), cookie);
    }

    private static int dataLenFor(String xml, String cookie) {
        int need = dataBytes(xml, cookie).length + ROOM;
        return (HEADER + need + ALIGN - 1) / ALIGN * ALIGN - HEADER;
    }

    private static byte[] dataBytes(String xml, String cookie) {
        byte[] x = (xml + '\0').getBytes(StandardCharsets.UTF_8);
        if (cookie == null) {
            return x;
        }
        byte[] c = (cookie + '\0').getBytes(StandardCharsets.UTF_8);
        byte[] both = Arrays.copyOf(x, x.length + c.length);
        System.arraycopy(c, 0, both, x.length, c.length);
        return both;
    }

    /**
     * The header and data area as they go to the start of the file.
     *
     * @param complete whether the stream behind it is whole ({@code LibvirtQemudSave}) or still
     *     being written ({@code LibvirtQemudPart})
     */
    byte[] encode(boolean complete) {
        byte[] data = dataBytes(xml, cookie);
        if (data.length > MAX_DATA) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The domain's XML (" + data.length + " bytes) is too "
                    + "large for a save image (at most " + MAX_DATA + ").");
        }
        if (data.length > dataLen) {
            throw new IllegalStateException("the definition does not fit the save image's data area");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.put(complete ? MAGIC : PARTIAL).putInt(VERSION).putInt(dataLen).putInt(wasRunning ? 1 : 0).putInt(0)
                .putInt(cookie == null ? 0 : (xml + '\0').getBytes(StandardCharsets.UTF_8).length);
        b.position(HEADER);
        b.put(data);
        return b.array();
    }

    /** Writes the header and data area at the start of {@code ch}. */
    void writeTo(FileChannel ch, boolean complete) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(encode(complete));
        long pos = 0;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    /**
     * Puts this header into {@code file}, whose header is {@code old}: in place when the data
     * areas are the same size, else into a copy of the file (this header and the stream) that
     * replaces it once durable.
     */
    void replace(Path file, SaveImage old) {
        try {
            if (dataLen == old.dataLen) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    writeTo(ch, true);
                    ch.force(false);
                }
                return;
            }
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try {
                try (FileChannel from = FileChannel.open(file, StandardOpenOption.READ);
                     FileChannel to = FileChannel.open(part, Set.of(StandardOpenOption.CREATE_NEW,
                             StandardOpenOption.WRITE), PrivateFiles.fileMode())) {
                    writeTo(to, false);
                    to.position(streamOffset());
                    long at = old.streamOffset();
                    long end = from.size();
                    while (at < end) {
                        at += from.transferTo(at, end - at, to);
                    }
                    writeTo(to, true);
                    to.force(false);
                }
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.syncDirectory(file.toAbsolutePath().getParent());
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "Cannot rewrite the save image " + file + ": "
                    + e.getMessage() + ". It is unchanged.", e);
        }
    }

    /** Whether {@code file} starts as a complete save image does (its magic only; {@link #read} checks the rest). */
    static boolean isOne(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return Arrays.equals(readAt(ch, 0, MAGIC.length).array(), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the header of a save image (jvirt's or libvirt's) and checks that a migration stream
     * follows it.
     *
     * @throws DaemonException NOT_FOUND when the file is missing; INVALID_ARGUMENT when it is no
     *                         save image, was never finished, is compressed or is damaged
     */
    static SaveImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "The save image " + file + " does not exist.");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                throw notSave(file, "it is too short to be a save image (" + size + " bytes)");
            }
            ByteBuffer h = readAt(ch, 0, HEADER).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            h.get(magic);
            if (Arrays.equals(magic, PARTIAL)) {
                throw notSave(file, "its writing never finished (the save failed or was interrupted)");
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw notSave(file, "it is not a save image (as 'jvirt save' and 'virsh save' write)");
            }
            int version = h.getInt();
            int dataLen = h.getInt();
            boolean running = h.getInt() != 0;
            int compressed = h.getInt();
            int cookieOffset = h.getInt();
            if (version < 1 || version > VERSION) {
                throw notSave(file, "its format version " + Integer.toUnsignedString(version)
                        + " is not one jvirt reads (1 or 2)");
            }
            if (compressed != 0) {
                throw notSave(file, "it is compressed (" + (compressed > 0 && compressed < COMPRESSION.length
                        ? COMPRESSION[compressed] : "format " + compressed) + "); jvirt restores uncompressed save "
                        + "images only");
            }
            if (dataLen <= 0 || dataLen > MAX_DATA + (1 << 20) || HEADER + (long) dataLen >= size
                    || cookieOffset < 0 || cookieOffset >= dataLen) {
                throw notSave(file, "its header is damaged");
            }
            byte[] data = readAt(ch, HEADER, dataLen).array();
            int xmlLen = cookieOffset != 0 ? cookieOffset : dataLen;
            String xml = cString(data, 0, xmlLen);
            String cookie = cookieOffset != 0 ? cString(data, cookieOffset, dataLen) : null;
            if (xml.isBlank()) {
                throw notSave(file, "its header holds no definition");
            }
            SaveImage img = new SaveImage(xml, running, dataLen, cookie);
            ByteBuffer stream = readAt(ch, img.streamOffset(), (int) Math.min(STREAM_MAGIC.length,
                    size - img.streamOffset()));
            if (stream.remaining() < STREAM_MAGIC.length || !Arrays.equals(Arrays.copyOf(stream.array(),
                    STREAM_MAGIC.length), STREAM_MAGIC)) {
                throw notSave(file, "no QEMU migration stream follows its header");
            }
            return img;
        } catch (NoSuchFileException e) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "The save image " + file + " does not exist.", e);
        } catch (IOException e) {
            throw notSave(file, "it cannot be read (" + e.getMessage() + ")");
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0, len));
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                break;
            }
        }
        b.flip();
        return b;
    }

    /** The NUL-terminated text in {@code data[from, to)}. */
    private static String cString(byte[] data, int from, int to) {
        int end = from;
        while (end < to && data[end] != 0) {
            end++;
        }
        return new String(data, from, end - from, StandardCharsets.UTF_8);
    }

    static DaemonException notSave(Path file, String why) {
        return new DaemonException(ErrorCode.INVALID_ARGUMENT, "The file " + file + " cannot be restored: " + why
                + ". Nothing was changed.");
    }
}
