package io.jvirt.image.internal;

import com.sun.nio.file.ExtendedOpenOption;
import io.jvirt.image.ImageException;
import io.jvirt.image.WriteCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Positional whole-buffer file I/O that reports failures as {@link ImageException}. Image
 * files are opened with {@link #open}, through the seam of {@link FileAccess}.
 */
public final class FileIo {

    /** How a file is opened. */
    public enum Mode {
        /** Reading only. */
        READ(Set.of(StandardOpenOption.READ)),
        /** Reading and writing an existing file. */
        WRITE(Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)),
        /** Reading and writing a new file, replacing (emptying) an existing one. */
        CREATE(Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING));

        private final Set<? extends OpenOption> options;

        Mode(Set<? extends OpenOption> options) {
            this.options = options;
        }
    }

    /**
     * After this many bytes written, the kernel is asked to start writing them back (write
     * behind), so that the fsync of a durable flush or close waits for the tail only instead
     * of the whole file: the disk works while the engine keeps writing.
     */
    private static final long WRITE_BEHIND = 8L << 20;
    /**
     * The largest piece one write system call hands the kernel. From 2 MiB on, Linux (6.x, ext4)
     * fills the page cache with large folios, and where free memory is scattered or was handed
     * back to a hypervisor (a VM's balloon reporting free pages) each of them is slow to get:
     * 1 GiB copied by dd took 5.3-5.5 s in 2 MiB writes and 0.31-0.34 s in 256 KiB ones on such a
     * machine. Smaller pieces cost a few thousand system calls per GiB anywhere else.
     */
    private static final int MAX_WRITE = 256 << 10;
    /**
     * The largest piece one write system call hands the kernel with O_DIRECT, where no page
     * cache is filled and a larger request keeps the disk busier.
     */
    private static final int MAX_DIRECT_WRITE = 8 << 20;
    private static final System.Logger LOG = System.getLogger(FileIo.class.getName());

    private final FileAccess file;
    private final Path path;
    private final boolean unsafe;
    private final int maxWrite;
    private boolean unsynced;
    private long sinceHint;

    /**
     * Wraps a channel.
     *
     * @param channel open channel
     * @param path its file, for messages
     */
    public FileIo(FileChannel channel, Path path) {
        this(FileAccess.of(channel), path);
    }

    /**
     * Wraps an open file.
     *
     * @param file open file
     * @param path its file, for messages
     */
    public FileIo(FileAccess file, Path path) {
        this(file, path, false);
    }

    private FileIo(FileAccess file, Path path, boolean unsafe) {
        this.file = file;
        this.path = path;
        this.unsafe = unsafe;
        this.maxWrite = file.direct() ? MAX_DIRECT_WRITE : MAX_WRITE;
    }

    /**
     * Opens an image file through the opener bound to {@link FileAccess#OPENER} (a plain
     * file channel when none is bound).
     *
     * @param path the file
     * @param mode how
     * @return the open file
     */
    public static FileIo open(Path path, Mode mode) {
        return open(path, mode, WriteCache.WRITEBACK);
    }

    /**
     * Opens an image file with a write cache mode: {@link WriteCache#UNSAFE} makes {@link #sync}
     * a no-op and gives no writeback hints, {@link WriteCache#WRITETHROUGH} and {@link
     * WriteCache#DIRECTSYNC} open it with O_DSYNC, {@link WriteCache#NONE} and {@link
     * WriteCache#DIRECTSYNC} write its whole blocks with O_DIRECT (through a second opening of
     * the file by the same opener) where the file system allows it.
     *
     * @param path the file
     * @param mode how
     * @param cache how writes reach the disk (ignored for {@link Mode#READ})
     * @return the open file
     */
    public static FileIo open(Path path, Mode mode, WriteCache cache) {
        FileAccess.Opener opener = FileAccess.OPENER.orElse(FileAccess::open);
        boolean writing = mode != Mode.READ;
        Set<OpenOption> options = new HashSet<>(mode.options);
        if (writing && cache.synchronous()) {
            options.add(StandardOpenOption.DSYNC);
        }
        FileAccess file;
        try {
            file = opener.open(path, options);
        } catch (IOException e) {
            if (mode == Mode.CREATE) {
                throw new ImageException(ImageException.Kind.IO, path,
                        "Image " + path + " cannot be created: " + e.getMessage() + ".", e);
            }
            throw new ImageException(ImageException.Kind.NOT_FOUND, path,
                    "Image " + path + " cannot be opened: " + e.getMessage() + ".", e);
        }
        if (writing && cache.direct()) {
            file = withDirect(opener, path, options, file);
        }
        return new FileIo(file, path, writing && cache == WriteCache.UNSAFE);
    }

    /**
     * Adds a second, O_DIRECT description of the file to {@code buffered}, or returns it alone
     * when the file system refuses O_DIRECT (EINVAL from open, as tmpfs before Linux 6.6 and
     * some FUSE file systems answer) or has a block size that is no power of two: then the
     * writes go through the page cache, as with {@link WriteCache#WRITEBACK}, equally durable.
     */
    private static FileAccess withDirect(FileAccess.Opener opener, Path path, Set<OpenOption> options,
                                         FileAccess buffered) {
        Set<OpenOption> direct = new HashSet<>(options);
        direct.remove(StandardOpenOption.CREATE);
        direct.remove(StandardOpenOption.TRUNCATE_EXISTING);
        direct.add(ExtendedOpenOption.DIRECT);
        try {
            long block = Files.getFileStore(path).getBlockSize();
            if (block <= 0 || block > MAX_DIRECT_WRITE || Long.bitCount(block) != 1) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: block size {1} does not suit O_DIRECT; writing through "
                        + "the page cache", path, block);
                return buffered;
            }
            return new DirectAccess(buffered, opener.open(path, direct), (int) block);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: O_DIRECT refused ({1}); writing through the page cache",
                    path, e.getMessage());
            return buffered;
        }
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return whether whole blocks are written past the page cache (O_DIRECT) */
    public boolean direct() {
        return file.direct();
    }

    /** @return the file size */
    public long size() {
        try {
            return file.size();
        } catch (IOException e) {
            throw io(e);
        }
    }

    /**
     * Reads exactly {@code len} bytes; a short file is a truncation error.
     *
     * @param pos file offset
     * @param buf destination
     * @param off offset in buf
     * @param len byte count
     * @param what what is being read, for the message
     */
    public void readFully(long pos, byte[] buf, int off, int len, String what) {
        readFully(pos, ByteBuffer.wrap(buf, off, len), what);
    }

    /**
     * Reads exactly the remaining bytes of {@code dst} (a direct buffer avoids the JDK's copy
     * through a temporary one); a short file is a truncation error.
     *
     * @param pos file offset
     * @param dst destination, filled from its position to its limit
     * @param what what is being read, for the message
     */
    public void readFully(long pos, ByteBuffer dst, String what) {
        int start = dst.position();
        try {
            while (dst.hasRemaining()) {
                int n = file.read(dst, pos + (dst.position() - start));
                if (n < 0) {
                    throw new ImageException(ImageException.Kind.TRUNCATED, path, "The " + what + " of image "
                            + path + " at offset " + pos + " runs past the end of the file (" + size() + " bytes).");
                }
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    /**
     * Reads up to {@code len} bytes, filling what lies past the end of the file with zeroes.
     *
     * @param pos file offset
     * @param buf destination
     * @param off offset in buf
     * @param len byte count
     */
    public void readOrZero(long pos, byte[] buf, int off, int len) {
        readOrZero(pos, ByteBuffer.wrap(buf, off, len));
    }

    /**
     * Fills the remaining bytes of {@code dst} from {@code pos}, with zeroes past the end of
     * the file.
     *
     * @param pos file offset
     * @param dst destination, filled from its position to its limit
     */
    public void readOrZero(long pos, ByteBuffer dst) {
        int start = dst.position();
        try {
            while (dst.hasRemaining()) {
                int n = file.read(dst, pos + (dst.position() - start));
                if (n < 0) {
                    Buffers.zero(dst, dst.position(), dst.remaining());
                    dst.position(dst.limit());
                    return;
                }
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    /**
     * Writes the whole range.
     *
     * @param pos file offset
     * @param buf source
     * @param off offset in buf
     * @param len byte count
     */
    public void write(long pos, byte[] buf, int off, int len) {
        write(pos, ByteBuffer.wrap(buf, off, len));
    }

    /**
     * Writes the remaining bytes of {@code src} (a direct buffer avoids the JDK's copy through
     * a temporary one).
     *
     * @param pos file offset
     * @param src source, written from its position to its limit
     */
    public void write(long pos, ByteBuffer src) {
        int start = src.position();
        int len = src.remaining();
        int limit = src.limit();
        unsynced = true;
        try {
            while (src.position() < limit) {
                src.limit(Math.min(limit, src.position() + maxWrite));
                file.write(src, pos + (src.position() - start));
            }
        } catch (IOException e) {
            throw io(e);
        } finally {
            src.limit(limit);
        }
        sinceHint += len;
        if (sinceHint >= WRITE_BEHIND && !unsafe && !file.direct()) {
            sinceHint = 0;
            file.startWriteback();
        }
    }

    /**
     * Sets the file length.
     *
     * @param size new size
     */
    public void truncate(long size) {
        unsynced = true;
        try {
            file.setLength(size);
        } catch (IOException e) {
            throw io(e);
        }
    }

    /**
     * Waits until every write so far, and the file's length, are on the disk (fdatasync); does
     * nothing for a file opened with {@link WriteCache#UNSAFE}.
     */
    public void sync() {
        if (unsafe) {
            unsynced = false;
            return;
        }
        try {
            file.force();
            unsynced = false;
        } catch (IOException e) {
            throw io(e);
        }
    }

    /**
     * Like {@link #sync}, but only when something was written through this object since the
     * last sync (an fsync barrier that costs nothing when there is nothing to order).
     *
     * @return whether it synced
     */
    public boolean syncIfWritten() {
        if (!unsynced) {
            return false;
        }
        sync();
        return true;
    }

    /** Closes the channel. */
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw io(e);
        }
    }

    private ImageException io(IOException e) {
        return new ImageException(ImageException.Kind.IO, path,
                "An I/O error occurred on image " + path + ": " + e.getMessage() + ".", e);
    }
}
