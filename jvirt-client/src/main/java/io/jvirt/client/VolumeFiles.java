package io.jvirt.client;

import io.jvirt.api.SparseStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Local files on the client side of vol-upload and vol-download, sparse both ways: the holes
 * of a file being sent are skipped without reading them (SEEK_DATA/SEEK_HOLE) and blocks of
 * zeroes inside its data travel as holes too; a regular target file is overwritten in place,
 * with holes received left unwritten (punched out over old data) and the file cut to its new
 * length at the end. Memory stays at a few 1 MiB buffers.
 */
final class VolumeFiles {
    private static final int CHUNK = 1 << 20;
    private static final int BLOCK = 4096;
    private static final long STEP = 16L << 20;
    /** Buffers in flight between reading a download and writing it. */
    private static final int PIPELINE = 4;

    private VolumeFiles() {
    }

    /** Refuses, before anything is sent, a file that cannot be uploaded. */
    static void checkReadable(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new JvirtClientException(io.jvirt.api.ErrorCode.INVALID_ARGUMENT, "Cannot read " + file + ": "
                    + (Files.exists(file) ? "it is not a readable regular file." : "it does not exist."));
        }
    }

    /**
     * Sends {@code length} bytes of a file (or all of it for -1) as frames, one chunk per 1 MiB
     * read: the file is read into a direct buffer whose data slices go to the socket as they are.
     *
     * @return the number of bytes sent
     */
    static long send(Path file, long length, UnixHttpConnection.ChunkSink chunks, TransferListener progress)
            throws IOException {
        long done = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             LocalHoles holes = LocalHoles.openIfWorthIt(file, ch.size())) {
            long size = ch.size();
            if (length > size) {
                throw new IOException(file + " has only " + size + " bytes, fewer than the " + length + " to upload");
            }
            long total = length < 0 ? size : length;
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            Frames frames = new Frames();
            long reported = 0;
            while (done < total) {
                long data = Math.min(holes.nextData(done, size), total);
                if (data > done) {
                    frames.hole(data - done);
                    done = data;
                    continue;
                }
                long end = Math.min(Math.max(holes.nextHole(done, size), done + 1), total);
                while (done < end) {
                    int want = (int) Math.min(CHUNK, end - done);
                    buf.clear().limit(want);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf, done + buf.position()) < 0) {
                            throw new IOException(file + " ended early, after " + (done + buf.position()) + " bytes");
                        }
                    }
                    frames.blocks(buf, want);
                    chunks.chunk(frames.take());
                    done += want;
                    if (done - reported >= STEP) {
                        progress.update(done, total);
                        reported = done;
                    }
                }
            }
            frames.end(done);
            chunks.chunk(frames.take());
            progress.update(done, total);
            return done;
        }
    }

    /** The frames of one chunk: headers and slices of the read buffer; holes carried over until data comes. */
    private static final class Frames {
        private static final ByteBuffer ZERO = ByteBuffer.allocateDirect(BLOCK);
        private final java.util.List<ByteBuffer> parts = new java.util.ArrayList<>();
        private long pendingHole;

        void hole(long length) {
            pendingHole += length;
        }

        /** Splits {@code buf[0, len)} into 4 KiB blocks: runs of zero blocks become holes. */
        void blocks(ByteBuffer buf, int len) {
            int runStart = 0;
            boolean runZero = false;
            for (int i = 0; i < len; i += BLOCK) {
                int n = Math.min(BLOCK, len - i);
                boolean zero = buf.slice(i, n).mismatch(ZERO.slice(0, n)) < 0;
                if (i == 0) {
                    runZero = zero;
                } else if (zero != runZero) {
                    run(buf, runStart, i, runZero);
                    runStart = i;
                    runZero = zero;
                }
            }
            run(buf, runStart, len, runZero);
        }

        private void run(ByteBuffer buf, int from, int to, boolean zero) {
            if (zero) {
                pendingHole += to - from;
                return;
            }
            flushHole();
            parts.add(SparseStream.dataHeader(to - from));
            parts.add(buf.slice(from, to - from));
        }

        void end(long total) {
            flushHole();
            parts.add(SparseStream.endFrame(total));
        }

        private void flushHole() {
            if (pendingHole > 0) {
                parts.add(SparseStream.holeHeader(pendingHole));
                pendingHole = 0;
            }
        }

        ByteBuffer[] take() {
            ByteBuffer[] out = parts.toArray(ByteBuffer[]::new);
            parts.clear();
            return out;
        }
    }

    /**
     * Writes a framed download into a file: a regular file (or a new one) is overwritten in
     * place and keeps holes unwritten; anything else (a pipe, a device) gets zeroes.
     *
     * @return the number of bytes received
     */
    static long receive(InputStream body, Path file, long total, TransferListener progress) throws IOException {
        boolean seekable = !Files.exists(file) || Files.isRegularFile(file);
        if (!seekable) {
            try (OutputStream out = Files.newOutputStream(file)) {
                long n = new SparseStream.Reader(body, CHUNK).copyTo(new Counting(progress, total) {
                    private final byte[] zeroes = new byte[64 << 10];

                    @Override
                    public void data(byte[] buf, int off, int len) throws IOException {
                        out.write(buf, off, len);
                        advance(len);
                    }

                    @Override
                    public void hole(long len) throws IOException {
                        for (long left = len; left > 0; left -= zeroes.length) {
                            out.write(zeroes, 0, (int) Math.min(zeroes.length, left));
                        }
                        advance(len);
                    }
                });
                progress.update(n, total);
                return n;
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             LocalHoles.Lazy holes = new LocalHoles.Lazy(file)) {
            long oldSize = ch.size();
            long n = new SparseStream.Reader(body, CHUNK).copyToPipelined(new Counting(progress, total) {
                @Override
                public void data(byte[] buf, int off, int len) throws IOException {
                    ByteBuffer b = ByteBuffer.wrap(buf, off, len);
                    while (b.hasRemaining()) {
                        ch.write(b, pos + (b.position() - off));
                    }
                    advance(len);
                }

                @Override
                public void hole(long len) throws IOException {
                    if (pos < oldSize) {
                        long end = Math.min(oldSize, pos + len);
                        if (!holes.get().punch(pos, end - pos)) {
                            zero(ch, pos, end);
                        }
                    }
                    advance(len);
                }
            }, PIPELINE);
            if (ch.size() > n) {
                ch.truncate(n);
            } else if (ch.size() < n) {
                // a hole at the end: extend without writing (ftruncate keeps it sparse)
                try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(n);
                }
            }
            progress.update(n, total);
            return n;
        }
    }

    /** Writes zeroes over old data where holes cannot be punched. */
    private static void zero(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer z = ByteBuffer.allocate((int) Math.min(CHUNK, to - from));
        for (long p = from; p < to; ) {
            z.clear().limit((int) Math.min(z.capacity(), to - p));
            while (z.hasRemaining()) {
                p += ch.write(z, p);
            }
        }
    }

    /** A receiver that keeps the position and reports progress every few megabytes. */
    private abstract static class Counting implements SparseStream.Receiver {
        private final TransferListener progress;
        private final long total;
        long pos;
        private long reported;

        Counting(TransferListener progress, long total) {
            this.progress = progress;
            this.total = total;
        }

        void advance(long len) {
            pos += len;
            if (pos - reported >= STEP) {
                progress.update(pos, total);
                reported = pos;
            }
        }
    }
}
