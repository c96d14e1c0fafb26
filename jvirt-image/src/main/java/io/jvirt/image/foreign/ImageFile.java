package io.jvirt.image.foreign;

import io.jvirt.image.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * An image file opened read-only, with positional reads that are checked against the file
 * size and failures that already name the file and the format.
 *
 * <p>The size is taken once at open; a read past it, or a file that shrinks underneath,
 * is reported as {@link ImageException.Kind#TRUNCATED}. Positional reads do not
 * share a file pointer, so one instance may serve several threads.
 */
public final class ImageFile implements AutoCloseable {

    private final Path path;
    private final String format;
    private final FileChannel channel;
    private final long size;

    private ImageFile(Path path, String format, FileChannel channel, long size) {
        this.path = path;
        this.format = format;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens a file for reading.
     *
     * @param path   the image
     * @param format the human name of the format used in messages, such as "VMDK"
     * @return the open file
     * @throws ImageException of kind NOT_FOUND or IO if the file cannot be opened
     */
    public static ImageFile open(Path path, String format) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            try {
                return new ImageFile(path, format, channel, channel.size());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw io(path, e);
        }
    }

    /**
     * Returns a view of the same open file that names another format in its messages. Both
     * views share one channel: closing either closes the file.
     */
    public ImageFile as(String otherFormat) {
        return new ImageFile(path, Objects.requireNonNull(otherFormat, "otherFormat"), channel, size);
    }

    /** Returns the path the file was opened from. */
    public Path path() {
        return path;
    }

    /** Returns the human name of the format used in messages. */
    public String format() {
        return format;
    }

    /** Returns the file size in bytes as seen when the file was opened. */
    public long size() {
        return size;
    }

    /**
     * Fails unless the byte range lies inside the file.
     *
     * @param position first byte of the range
     * @param length   number of bytes
     * @param what     names the structure for the message, such as "grain table 3"
     * @throws ImageException of kind TRUNCATED if the range passes the end
     */
    public void require(long position, long length, String what) {
        if (position < 0 || length < 0) {
            throw corrupt(what + " has the impossible position " + position + " and length " + length);
        }
        if (position > size || length > size - position) {
            throw truncated(what + " at offset " + position + " with length " + length
                    + " extends past the end of the file, which is " + size + " bytes long");
        }
    }

    /**
     * Reads exactly {@code len} bytes at {@code position} into {@code buf}.
     *
     * @throws ImageException if the range lies past the end or the read fails
     */
    public void readFully(long position, byte[] buf, int off, int len, String what) {
        Objects.checkFromIndexSize(off, len, buf.length);
        require(position, len, what);
        ByteBuffer target = ByteBuffer.wrap(buf, off, len);
        try {
            while (target.hasRemaining()) {
                int n = channel.read(target, position + target.position() - off);
                if (n < 0) {
                    throw truncated(what + " at offset " + position + " could not be read completely because the file"
                            + " became shorter while it was open");
                }
            }
        } catch (IOException e) {
            throw io(path, e);
        }
    }

    /**
     * Reads {@code buf.length} bytes at {@code position}; what lies past the end of the file
     * reads as zeroes (as QEMU reads it), for checks of damaged images.
     *
     * @throws ImageException if the read fails
     */
    public void readOrZero(long position, byte[] buf) {
        if (position < 0) {
            throw corrupt("a structure has the impossible position " + position);
        }
        ByteBuffer target = ByteBuffer.wrap(buf);
        try {
            while (target.hasRemaining()) {
                int n = channel.read(target, position + target.position());
                if (n < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw io(path, e);
        }
        Arrays.fill(buf, target.position(), buf.length, (byte) 0);
    }

    /**
     * Reads {@code len} bytes into a new buffer of the given byte order. The caller must have
     * bounded {@code len}; the range is checked against the file before allocating.
     */
    public ByteBuffer read(long position, int len, ByteOrder order, String what) {
        require(position, len, what);
        byte[] data = new byte[len];
        readFully(position, data, 0, len, what);
        return ByteBuffer.wrap(data).order(order);
    }

    /** Builds a TRUNCATED error: "image P is not a valid F file: PROBLEM; the file may be truncated." */
    public ImageException truncated(String problem) {
        return invalid(ImageException.Kind.TRUNCATED, problem + "; the file may be truncated");
    }

    /** Builds a CORRUPT error: "image P is not a valid F file: PROBLEM." */
    public ImageException corrupt(String problem) {
        return invalid(ImageException.Kind.CORRUPT, problem);
    }

    /** Builds an UNSUPPORTED error: "image P uses a F feature that jvirt cannot import: PROBLEM." */
    public ImageException unsupported(String problem) {
        return new ImageException(ImageException.Kind.UNSUPPORTED, path,
                "image " + path + " uses a " + format + " feature that jvirt cannot import: " + problem + ".");
    }

    /** Builds a TOO_LARGE error: "image P is too large for jvirt to import as F: PROBLEM." */
    public ImageException limit(String problem) {
        return new ImageException(ImageException.Kind.TOO_LARGE, path,
                "image " + path + " is too large for jvirt to import as " + format + ": " + problem + ".");
    }

    private ImageException invalid(ImageException.Kind kind, String problem) {
        return new ImageException(kind, path, "image " + path + " is not a valid " + format + " file: " + problem + ".");
    }

    /** Builds the error for a failed system call on {@code path}. */
    static ImageException io(Path path, IOException cause) {
        if (cause instanceof NoSuchFileException) {
            return new ImageException(ImageException.Kind.NOT_FOUND, path, "image " + path + " does not exist.", cause);
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ImageException(ImageException.Kind.IO, path, "image " + path + " could not be read: " + detail + ".",
                cause);
    }

    /** Closes the file. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw io(path, e);
        }
    }
}
