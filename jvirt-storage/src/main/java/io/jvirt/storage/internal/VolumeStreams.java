package io.jvirt.storage.internal;

import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.raw.SparseFile;
import io.jvirt.storage.SparseSink;
import io.jvirt.storage.SparseSource;
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
 * durable at once syncs the volume afterwards. Both hold the volume's image locks while they run
 * ({@link VolumeLocks}): an upload is refused while anyone uses the file, a download while
 * anyone writes it.
 */
public final class VolumeStreams {

    private static final int CHUNK = 1 << 20;
    private static final long PROGRESS_STEP = 8L << 20;

    private VolumeStreams() {
    }

    /**
     * Writes a stream into a volume file. Uploading from offset 0 with no length replaces the
     * whole file (the file ends where the stream ends); otherwise the bytes land at the offset.
     * Either way zero blocks are not written: over existing data they are punched out
     * (deallocated), past it they stay holes.
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
        return upload(dir, v, offset, length, progress, sink -> {
            byte[] buf = new byte[CHUNK];
            long done = 0;
            while (length < 0 || done < length) {
                int want = (int) (length < 0 ? CHUNK : Math.min(CHUNK, length - done));
                int n = in.readNBytes(buf, 0, want);
                if (n <= 0) {
                    break;
                }
                sink.data(buf, 0, n);
                done += n;
                if (n < want) {
                    break;
                }
            }
        });
    }

    /**
     * Writes runs of data and holes into a volume file, with the same rules as
     * {@link #upload(VolumeDir, VolumeDir.Located, InputStream, long, long, TransferProgress)}:
     * holes are never written (skipped in a fresh file, punched over old data), and zero blocks
     * inside data runs become holes too.
     *
     * @param dir the pool directory
     * @param v the volume file
     * @param offset where to start writing
     * @param length how many bytes the source announces, or -1 when unknown
     * @param progress progress receiver
     * @param source pushes the runs into the sink it is given
     * @return the number of bytes taken (data and holes)
     */
    public static long upload(VolumeDir dir, VolumeDir.Located v, long offset, long length,
                              TransferProgress progress, SparseSource source) {
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
        Writer w = null;
        try (ImageLock lock = VolumeLocks.write(dir, v);
             FileChannel ch = FileChannel.open(v.path(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
             SparseFile sf = SparseFile.open(v.path(), true)) {
            // a replacement overwrites in place (zero runs over old data are punched out) and cuts the
            // file to its new length at the end: blocks still allocated are reused, not freed and found again
            w = new Writer(ch, sf, offset, length, progress);
            source.writeTo(w);
            long done = w.pos - offset;
            if (length > 0 && done != length) {
                throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name, "The upload into volume '" + name
                        + "' ended after " + done + " of the announced " + length + " bytes; the bytes received were "
                        + "written.");
            }
            if (w.pos > ch.size()) {
                try (RandomAccessFile raf = new RandomAccessFile(v.path().toFile(), "rw")) {
                    raf.setLength(w.pos);
                }
            } else if (replace && w.pos < ch.size()) {
                ch.truncate(w.pos);
            }
        } catch (IOException e) {
            long done = w == null ? 0 : w.pos - offset;
            throw new StorageException(Kind.IO, dir.pool(), name, "Uploading into volume '" + name + "' failed after "
                    + done + " bytes: " + HostFiles.describe(e) + ".", e);
        }
        long done = w.pos - offset;
        progress.update(done, length < 0 ? done : length);
        return done;
    }

    /**
     * Writes runs at increasing positions: data with its zero blocks turned into holes, holes
     * skipped inside a fresh part of the file and punched out (or zeroed) over old data.
     */
    private static final class Writer implements SparseSink {
        private final FileChannel ch;
        private final SparseFile sf;
        private final long oldSize;
        private final long limit;
        private final TransferProgress progress;
        private final long start;
        private long pos;
        private long reported;

        Writer(FileChannel ch, SparseFile sf, long offset, long length, TransferProgress progress) throws IOException {
            this.ch = ch;
            this.sf = sf;
            this.oldSize = ch.size();
            this.limit = length < 0 ? Long.MAX_VALUE : offset + length;
            this.progress = progress;
            this.start = offset;
            this.pos = offset;
            this.reported = offset;
        }

        private void check(long len) throws IOException {
            if (len < 0 || len > limit - pos) {
                throw new IOException("the upload sends more bytes than the " + (limit - start) + " it announced");
            }
        }

        @Override
        public void data(byte[] buf, int off, int len) throws IOException {
            check(len);
            long base = pos;
            ZeroRuns.split(buf, off, off + len, base, (from, n, zero) -> {
                long at = base + (from - off);
                if (!zero) {
                    ByteBuffer b = ByteBuffer.wrap(buf, from, n);
                    while (b.hasRemaining()) {
                        ch.write(b, at + (b.position() - from));
                    }
                } else {
                    clear(at, n);
                }
            });
            pos += len;
            report();
        }

        @Override
        public void hole(long length) throws IOException {
            check(length);
            clear(pos, length);
            pos += length;
            report();
        }

        /** Makes {@code [at, at+len)} read as zeroes: only old data needs anything done. */
        private void clear(long at, long len) throws IOException {
            if (at >= oldSize) {
                return;
            }
            long end = Math.min(oldSize, at + len);
            if (!sf.punchHole(at, end - at)) {
                ByteBuffer z = ByteBuffer.allocate((int) Math.min(CHUNK, end - at));
                for (long p = at; p < end; ) {
                    z.clear().limit((int) Math.min(z.capacity(), end - p));
                    while (z.hasRemaining()) {
                        p += ch.write(z, p);
                    }
                }
            }
        }

        private void report() {
            if (pos - reported >= PROGRESS_STEP) {
                progress.update(pos - start, limit == Long.MAX_VALUE ? -1 : limit - start);
                reported = pos;
            }
        }
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
        try (ImageLock lock = VolumeLocks.read(dir, v);
             FileChannel ch = FileChannel.open(v.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
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
