package io.jvirt.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * An open image file as the engine uses it: positional reads and writes, its length, and
 * fsync. This is the one seam between the engine and the file system: {@link FileIo#open}
 * opens every qcow2 and raw image file through the {@link Opener} bound to {@link #OPENER}
 * (a plain {@link FileChannel} when nothing is bound), so a test can bind one that records
 * each write and fsync of an operation and rebuilds the file as a crash would leave it.
 */
public interface FileAccess extends AutoCloseable {

    /**
     * The opener of the current scope. Unbound in production; a test binds it around the
     * operations it drives, e.g. {@code ScopedValue.where(FileAccess.OPENER, recorder).run(...)}.
     * A scoped value rather than a parameter keeps the seam out of every public signature,
     * and rather than a static field keeps it immutable and confined to the binding thread.
     */
    ScopedValue<Opener> OPENER = ScopedValue.newInstance();

    /** Opens files. */
    @FunctionalInterface
    interface Opener {

        /**
         * Opens a file.
         *
         * @param path the file
         * @param options how, as for {@link FileChannel#open(Path, Set, java.nio.file.attribute.FileAttribute[])}
         * @return the open file
         * @throws IOException when it cannot be opened
         */
        FileAccess open(Path path, Set<? extends OpenOption> options) throws IOException;
    }

    /**
     * Reads at a position.
     *
     * @param dst destination; filled from its position
     * @param position file offset
     * @return bytes read, -1 at the end of the file
     * @throws IOException on failure
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /**
     * Writes at a position (into the operating system's cache; {@link #force} makes it durable).
     *
     * @param src source, from its position
     * @param position file offset
     * @return bytes written
     * @throws IOException on failure
     */
    int write(ByteBuffer src, long position) throws IOException;

    /**
     * @return the file's length
     * @throws IOException on failure
     */
    long size() throws IOException;

    /**
     * Sets the file's length, cutting it or extending it with a hole.
     *
     * @param length new length
     * @throws IOException on failure
     */
    void setLength(long length) throws IOException;

    /**
     * Waits until every write so far, and the file's length, are on the disk (fdatasync).
     *
     * @throws IOException on failure
     */
    void force() throws IOException;

    /**
     * Asks the kernel to start writing the file's dirty pages back now, without waiting: a
     * hint that promises nothing, so that a later {@link #force} finds less to do. The default
     * does nothing.
     */
    default void startWriteback() {
    }

    /**
     * @return whether whole blocks are written past the page cache (O_DIRECT); the default is
     *     false
     */
    default boolean direct() {
        return false;
    }

    @Override
    void close() throws IOException;

    /**
     * Wraps an open channel.
     *
     * @param channel the channel
     * @return the file (without writeback hints: they need the path)
     */
    static FileAccess of(FileChannel channel) {
        return new ChannelAccess(channel, null);
    }

    /**
     * Opens a file as a channel.
     *
     * @param path the file
     * @param options how
     * @return the file
     * @throws IOException when it cannot be opened
     */
    static FileAccess open(Path path, Set<? extends OpenOption> options) throws IOException {
        return new ChannelAccess(FileChannel.open(path, options), path);
    }
}
