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
import java.util.Arrays;

/**
 * Local files on the client side of vol-upload and vol-download, sparse both ways: blocks of
 * zeroes read from the file are sent as holes, and holes received are skipped (left
 * unallocated) in a regular target file. Memory stays at one 1 MiB buffer.
 */
final class VolumeFiles {
    private static final int CHUNK = 1 << 20;
    private static final int BLOCK = 4096;
    private static final byte[] ZERO = new byte[BLOCK];
    private static final long STEP = 16L << 20;

    private VolumeFiles() {
    }

    /**
     * Sends {@code length} bytes of a file (or all of it for -1) as frames.
     *
     * @return the number of bytes sent
     */
    static long send(Path file, long length, OutputStream body, TransferListener progress) throws IOException {
        SparseStream.Writer w = new SparseStream.Writer(body);
        long done = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long total = length < 0 ? ch.size() : Math.min(length, ch.size());
            if (length > ch.size()) {
                throw new IOException(file + " has only " + ch.size() + " bytes, fewer than the " + length + " to upload");
            }
            byte[] buf = new byte[CHUNK];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            long reported = 0;
            while (done < total) {
                int want = (int) Math.min(CHUNK, total - done);
                bb.clear().limit(want);
                while (bb.hasRemaining()) {
                    if (ch.read(bb, done + bb.position()) < 0) {
                        throw new IOException(file + " ended early, after " + (done + bb.position()) + " bytes");
                    }
                }
                int runStart = 0;
                boolean runZero = false;
                for (int i = 0; i < want; i += BLOCK) {
                    int end = Math.min(want, i + BLOCK);
                    boolean zero = Arrays.mismatch(buf, i, end, ZERO, 0, end - i) < 0;
                    if (i == 0) {
                        runZero = zero;
                    } else if (zero != runZero) {
                        emit(w, buf, runStart, i, runZero);
                        runStart = i;
                        runZero = zero;
                    }
                }
                emit(w, buf, runStart, want, runZero);
                done += want;
                if (done - reported >= STEP) {
                    progress.update(done, total);
                    reported = done;
                }
            }
            w.finish();
            progress.update(done, total);
            return done;
        }
    }

    private static void emit(SparseStream.Writer w, byte[] buf, int from, int to, boolean zero) throws IOException {
        if (zero) {
            w.hole(to - from);
        } else {
            w.data(buf, from, to - from);
        }
    }

    /**
     * Writes a framed download into a file: a regular file (or a new one) keeps holes unwritten
     * and gets the exact size; anything else (a pipe, a device) gets zeroes.
     *
     * @return the number of bytes received
     */
    static long receive(InputStream body, Path file, long total, TransferListener progress) throws IOException {
        boolean seekable = !Files.exists(file) || Files.isRegularFile(file);
        if (!seekable) {
            try (OutputStream out = Files.newOutputStream(file)) {
                long[] done = {0, 0};
                long n = new SparseStream.Reader(body, CHUNK).copyTo(new SparseStream.Receiver() {
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

                    private void advance(long len) {
                        done[0] += len;
                        if (done[0] - done[1] >= STEP) {
                            progress.update(done[0], total);
                            done[1] = done[0];
                        }
                    }
                });
                progress.update(n, total);
                return n;
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long[] pos = {0, 0};
            long n = new SparseStream.Reader(body, CHUNK).copyTo(new SparseStream.Receiver() {
                @Override
                public void data(byte[] buf, int off, int len) throws IOException {
                    ByteBuffer b = ByteBuffer.wrap(buf, off, len);
                    while (b.hasRemaining()) {
                        ch.write(b, pos[0] + (b.position() - off));
                    }
                    advance(len);
                }

                @Override
                public void hole(long len) {
                    advance(len);
                }

                private void advance(long len) {
                    pos[0] += len;
                    if (pos[0] - pos[1] >= STEP) {
                        progress.update(pos[0], total);
                        pos[1] = pos[0];
                    }
                }
            });
            if (ch.size() < n) {
                // a hole at the end: extend without writing (ftruncate keeps it sparse)
                try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(n);
                }
            }
            progress.update(n, total);
            return n;
        }
    }
}
