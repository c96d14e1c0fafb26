package io.jvirt.storage.internal;

import io.jvirt.image.raw.SparseFile;
import io.jvirt.storage.SparseSink;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import io.jvirt.storage.TransferProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;

/**
 * vol-upload and vol-download: the bytes of a volume's file (not the guest view), streamed,
 * sparse-aware both ways. Upload does not write zero blocks: they become holes. Download
 * does not read holes (SEEK_DATA/SEEK_HOLE) and reports zero blocks inside data as holes too.
 * Like libvirt, upload leaves flushing to the kernel (no fsync); a caller that needs the data
 * durable at once syncs the volume afterwards.
 */
public final class VolumeStreams {

    private static final int CHUNK = 1 << 20;
    private static final long PROGRESS_STEP = 8L << 20;

    private VolumeStreams() {
    }

    /**
     * Writes a stream into a volume file. Uploading from offset 0 with no length replaces the
     * whole file (it is emptied first, so zero blocks stay holes); otherwise the bytes land at
     * the offset and zero blocks over existing data are punched out (deallocated).
     *
     * @param dir the pool directory
     * @param v the volume file
     * @param in the bytes; not closed
     * @param offset where to start writing
     * @param length how many bytes to take, or -1 for all until the stream ends
     * @param progress progress receiver
     * @return the number of bytes taken from the stream
     */
    public static long upload(VolumeDir dir, VolumeDir.Located v, InputStream in, long offset, long length,
                              TransferProgress progress) {
        String name = v.name();
        if (offset < 0 || length < -1) {
            throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name,
                    "The upload offset and length must not be negative.");
        }
        boolean replace = offset == 0 && length < 0;
        if (length > 0) {
            long end = offset + length;
            long grow = Math.max(0, end - v.stat().size());
            Space.require(dir, name, Math.min(length, grow + Math.max(0, length - v.stat().allocated())),
                    "Uploading " + length + " bytes into volume '" + name + "'");
        }
        long done = 0;
        try (FileChannel ch = FileChannel.open(v.path(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
             SparseFile sf = SparseFile.open(v.path(), true)) {
            if (replace) {
                ch.truncate(0);
            }
            long oldSize = ch.size();
            byte[] buf = new byte[CHUNK];
            long reported = 0;
            while (length < 0 || done < length) {
                int want = (int) (length < 0 ? CHUNK : Math.min(CHUNK, length - done));
                int n = in.readNBytes(buf, 0, want);
                if (n <= 0) {
                    break;
                }
                long base = offset + done;
                ZeroRuns.split(buf, n, base, (off, len, zero) -> {
                    long at = base + off;
                    if (!zero) {
                        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
                        while (b.hasRemaining()) {
                            ch.write(b, at + (b.position() - off));
                        }
                    } else if (at < oldSize) {
                        long end = Math.min(oldSize, at + len);
                        if (!sf.punchHole(at, end - at)) {
                            ByteBuffer z = ByteBuffer.allocate((int) (end - at));
                            while (z.hasRemaining()) {
                                ch.write(z, at + z.position());
                            }
                        }
                    }
                });
                done += n;
                if (done - reported >= PROGRESS_STEP) {
                    progress.update(done, length);
                    reported = done;
                }
                if (n < want) {
                    break;
                }
            }
            if (length > 0 && done < length) {
                throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name, "The upload into volume '" + name
                        + "' ended after " + done + " of the announced " + length + " bytes; the bytes received were "
                        + "written.");
            }
            long end = offset + done;
            if (end > ch.size()) {
                try (RandomAccessFile raf = new RandomAccessFile(v.path().toFile(), "rw")) {
                    raf.setLength(end);
                }
            }
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), name, "Uploading into volume '" + name + "' failed after "
                    + done + " bytes: " + HostFiles.describe(e) + ".", e);
        }
        progress.update(done, length < 0 ? done : length);
        return done;
    }

    /**
     * Reads a volume file into a sink, without reading its holes.
     *
     * @param dir the pool directory
     * @param v the volume file
     * @param sink where the bytes go
     * @param offset where to start reading
     * @param length how many bytes to read, or -1 for all up to the end of the file
     * @param progress progress receiver
     * @return the number of bytes sent (data and holes)
     */
    public static long download(VolumeDir dir, VolumeDir.Located v, SparseSink sink, long offset, long length,
                                TransferProgress progress) {
        String name = v.name();
        long size = v.stat().size();
        if (offset < 0 || length < -1 || offset > size) {
            throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name, "The download offset " + offset
                    + " and length " + length + " do not fit volume '" + name + "' of " + size + " bytes.");
        }
        long end = length < 0 ? size : Math.min(size, offset + length);
        long total = end - offset;
        long pos = offset;
        try (FileChannel ch = FileChannel.open(v.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             SparseFile sf = SparseFile.open(v.path(), false)) {
            byte[] buf = new byte[CHUNK];
            long reported = offset;
            while (pos < end) {
                long data = sf.nextData(pos, size);
                if (data > pos) {
                    long holeEnd = Math.min(data, end);
                    sink.hole(holeEnd - pos);
                    pos = holeEnd;
                    continue;
                }
                long segEnd = Math.min(Math.max(sf.nextHole(pos, size), pos + 1), end);
                while (pos < segEnd) {
                    int n = (int) Math.min(CHUNK, segEnd - pos);
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) {
                        if (ch.read(b, pos + b.position()) < 0) {
                            throw new IOException("the file ended early, at " + (pos + b.position()) + " bytes");
                        }
                    }
                    ZeroRuns.split(buf, n, pos, (off, len, zero) -> {
                        if (zero) {
                            sink.hole(len);
                        } else {
                            sink.data(buf, off, len);
                        }
                    });
                    pos += n;
                    if (pos - reported >= PROGRESS_STEP) {
                        progress.update(pos - offset, total);
                        reported = pos;
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), name, "Downloading volume '" + name + "' failed after "
                    + (pos - offset) + " bytes: " + HostFiles.describe(e) + ".", e);
        }
        progress.update(total, total);
        return total;
    }
}
