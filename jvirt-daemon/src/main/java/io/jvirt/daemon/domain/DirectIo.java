package io.jvirt.daemon.domain;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Logger;

/**
 * virsh's {@code --bypass-cache} for save images: the migration stream goes to and comes from
 * the file with O_DIRECT, in whole 4 KiB-aligned chunks, so that saving or restoring a large
 * guest does not push the host's page cache out. Where the file system refuses O_DIRECT, or
 * has blocks larger than {@link #ALIGN}, the page cache is used as without the flag.
 */
final class DirectIo {
    private static final Logger LOG = Logger.getLogger(DirectIo.class.getName());
    /** The alignment of offsets, lengths and memory (the stream of a jvirt save starts on it). */
    static final int ALIGN = 4096;
    /** The size of one O_DIRECT transfer. */
    private static final int CHUNK = 1 << 20;

    private DirectIo() {
    }

    /** {@code file} opened again with O_DIRECT for {@code options}, or null where that is refused. */
    static FileChannel open(Path file, StandardOpenOption... options) {
        try {
            long block = Files.getFileStore(file).getBlockSize();
            if (block <= 0 || ALIGN % block != 0) {
                LOG.fine(file + ": blocks of " + block + " bytes; --bypass-cache uses the page cache");
                return null;
            }
            return FileChannel.open(file, withDirect(options));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.fine(file + ": O_DIRECT refused (" + e.getMessage() + "); --bypass-cache uses the page cache");
            return null;
        }
    }

    private static OpenOption[] withDirect(StandardOpenOption... options) {
        OpenOption[] all = new OpenOption[options.length + 1];
        System.arraycopy(options, 0, all, 0, options.length);
        all[options.length] = ExtendedOpenOption.DIRECT;
        return all;
    }

    /** A buffer aligned for O_DIRECT, {@link #CHUNK} bytes long. */
    static ByteBuffer buffer() {
        return ByteBuffer.allocateDirect(CHUNK + ALIGN).alignedSlice(ALIGN).slice(0, CHUNK);
    }

    /**
     * Writes all of {@code buf} at {@code position}: with {@code direct} (position aligned), its
     * whole aligned blocks with O_DIRECT and the rest (a stream's last bytes) through {@code file}.
     *
     * @return the bytes written
     */
    static int write(ByteBuffer buf, FileChannel file, FileChannel direct, long position) throws IOException {
        int total = buf.remaining();
        int whole = direct == null ? 0 : total & -ALIGN;
        if (whole > 0) {
            int limit = buf.limit();
            buf.limit(buf.position() + whole);
            while (buf.hasRemaining()) {
                direct.write(buf, position + (whole - buf.remaining()));
            }
            buf.limit(limit);
        }
        while (buf.hasRemaining()) {
            file.write(buf, position + (total - buf.remaining()));
        }
        return total;
    }
}
