package io.jvirt.image.internal;

import io.jvirt.image.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional whole-buffer file I/O that reports failures as {@link ImageException}. */
public final class FileIo {

    private final FileChannel channel;
    private final Path path;

    /**
     * Wraps a channel.
     *
     * @param channel open channel
     * @param path its file, for messages
     */
    public FileIo(FileChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return the channel */
    public FileChannel channel() {
        return channel;
    }

    /** @return the file size */
    public long size() {
        try {
            return channel.size();
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
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        try {
            while (bb.hasRemaining()) {
                int n = channel.read(bb, pos + (bb.position() - off));
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
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        try {
            while (bb.hasRemaining()) {
                int n = channel.read(bb, pos + (bb.position() - off));
                if (n < 0) {
                    java.util.Arrays.fill(buf, bb.position(), off + len, (byte) 0);
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
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        try {
            while (bb.hasRemaining()) {
                channel.write(bb, pos + (bb.position() - off));
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    /**
     * Sets the file length.
     *
     * @param size new size
     */
    public void truncate(long size) {
        try {
            if (channel.size() > size) {
                channel.truncate(size);
            } else if (channel.size() < size) {
                channel.write(ByteBuffer.allocate(1), size - 1);
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    /** Forces data to disk. */
    public void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw io(e);
        }
    }

    /** Closes the channel. */
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw io(e);
        }
    }

    private ImageException io(IOException e) {
        return new ImageException(ImageException.Kind.IO, path,
                "An I/O error occurred on image " + path + ": " + e.getMessage() + ".", e);
    }
}
