package io.jvirt.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The body of volume uploads and downloads ({@value #CONTENT_TYPE}): the bytes as frames of
 * data and holes, so that runs of zeroes cross the socket as a length only and the receiver
 * can leave them unwritten (holes in its file).
 *
 * <pre>
 * frame = kind:u8 length:u64be [bytes]
 *   'D' length bytes follow (data)
 *   'H' length zero bytes, not sent (hole)
 *   'E' length = the total of all frames before it (end; nothing may follow)
 * </pre>
 *
 * A stream without its end frame was cut off; the reader reports that as an error instead of
 * taking a short file for a complete one.
 */
public final class SparseStream {
    /** The media type of a framed body. */
    public static final String CONTENT_TYPE = "application/vnd.jvirt.sparse";
    /** Response header with the number of bytes a download will cover, for progress bars. */
    public static final String LENGTH_HEADER = "Jvirt-Transfer-Length";

    private static final byte DATA = 'D';
    private static final byte HOLE = 'H';
    private static final byte END = 'E';

    private SparseStream() {
    }

    /**
     * The 9-byte header of a data frame, for senders that write frames themselves (a
     * gathering write of header and data, without copying the data).
     *
     * @param length the number of data bytes that follow
     * @return the header, ready to write
     */
    public static ByteBuffer dataHeader(long length) {
        return header(DATA, length);
    }

    /** The header of a hole frame of {@code length} zero bytes. */
    public static ByteBuffer holeHeader(long length) {
        return header(HOLE, length);
    }

    /** The end frame announcing {@code total} bytes (data and holes) in all. */
    public static ByteBuffer endFrame(long total) {
        return header(END, total);
    }

    private static ByteBuffer header(byte kind, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("a frame cannot be " + length + " bytes long");
        }
        return ByteBuffer.allocate(9).put(kind).putLong(length).flip();
    }

    /** Receives the runs a {@link Reader} decodes. */
    public interface Receiver {
        /**
         * Receives data.
         *
         * @param buf the bytes
         * @param off offset in buf
         * @param len number of bytes
         * @throws IOException when the receiver fails
         */
        void data(byte[] buf, int off, int len) throws IOException;

        /**
         * Receives a run of zeroes that was not sent.
         *
         * @param length number of zero bytes
         * @throws IOException when the receiver fails
         */
        void hole(long length) throws IOException;
    }

    /** Encodes runs as frames; consecutive holes become one frame. Not thread-safe. */
    public static final class Writer implements Receiver {
        private final OutputStream out;
        private final byte[] head = new byte[9];
        private long pendingHole;
        private long total;

        /**
         * @param out where frames go; buffered by the caller if small writes matter
         */
        public Writer(OutputStream out) {
            this.out = out;
        }

        @Override
        public void data(byte[] buf, int off, int len) throws IOException {
            if (len <= 0) {
                return;
            }
            flushHole();
            header(DATA, len);
            out.write(buf, off, len);
            total += len;
        }

        @Override
        public void hole(long length) throws IOException {
            if (length < 0) {
                throw new IllegalArgumentException("a hole cannot be " + length + " bytes long");
            }
            pendingHole += length;
        }

        /** Writes the end frame; returns the total number of bytes sent (data and holes). */
        public long finish() throws IOException {
            flushHole();
            header(END, total);
            out.flush();
            return total;
        }

        private void flushHole() throws IOException {
            if (pendingHole > 0) {
                header(HOLE, pendingHole);
                total += pendingHole;
                pendingHole = 0;
            }
        }

        private void header(byte kind, long length) throws IOException {
            head[0] = kind;
            for (int i = 0; i < 8; i++) {
                head[1 + i] = (byte) (length >>> (56 - 8 * i));
            }
            out.write(head, 0, 9);
        }
    }

    /** One decoded frame: {@code 'D'}, {@code 'H'} or {@code 'E'}, and its length (the total for an end frame). */
    public record Frame(char kind, long length) {
        /** True for a run of data, whose bytes the caller reads with {@link Reader#readData}. */
        public boolean data() {
            return kind == DATA;
        }

        /** True for the end frame. */
        public boolean end() {
            return kind == END;
        }
    }

    /** Decodes frames. Not thread-safe. */
    public static final class Reader {
        private final InputStream in;
        private final byte[] buf;
        private long total;
        private long dataLeft;

        /**
         * @param in the framed body
         * @param bufferSize the largest piece of data handed to a receiver at once
         */
        public Reader(InputStream in, int bufferSize) {
            this.in = in;
            this.buf = new byte[bufferSize];
        }

        /**
         * Reads the next frame header. After a data frame, its bytes must be read with
         * {@link #readData} before the next call.
         *
         * @return the frame; an end frame has been checked against the total received
         * @throws IOException when the stream is malformed or cut off
         */
        public Frame next() throws IOException {
            if (dataLeft > 0) {
                throw new IllegalStateException(dataLeft + " bytes of the current data frame are still unread");
            }
            int kind = in.read();
            if (kind < 0) {
                throw new EOFException("the transfer was cut off after " + total + " bytes");
            }
            long len = readLength();
            switch (kind) {
                case DATA -> {
                    dataLeft = len;
                    total += len;
                }
                case HOLE -> total += len;
                case END -> {
                    if (len != total) {
                        throw new IOException("the transfer announced " + len + " bytes but carried " + total);
                    }
                }
                default -> throw new IOException("the transfer holds an unknown frame kind " + kind);
            }
            return new Frame((char) kind, len);
        }

        /**
         * Reads bytes of the current data frame.
         *
         * @return how many were read (at most {@code len}), 0 when the frame is done
         * @throws IOException when the stream is cut off
         */
        public int readData(byte[] b, int off, int len) throws IOException {
            int want = (int) Math.min(len, dataLeft);
            if (want == 0) {
                return 0;
            }
            int n = in.readNBytes(b, off, want);
            if (n < want) {
                throw new EOFException("the transfer was cut off after " + (total - dataLeft + n) + " bytes");
            }
            dataLeft -= n;
            return n;
        }

        /**
         * Reads every frame up to the end frame and hands the runs to {@code receiver}.
         *
         * @param receiver where the runs go
         * @return the total number of bytes (data and holes)
         * @throws IOException when the stream is malformed, cut off, or the receiver fails
         */
        public long copyTo(Receiver receiver) throws IOException {
            while (true) {
                Frame f = next();
                if (f.end()) {
                    return f.length();
                }
                if (!f.data()) {
                    receiver.hole(f.length());
                    continue;
                }
                for (int n = readData(buf, 0, buf.length); n > 0; n = readData(buf, 0, buf.length)) {
                    receiver.data(buf, 0, n);
                }
            }
        }

        /**
         * Like {@link #copyTo(Receiver)}, in two stages: this thread reads frames into
         * {@code buffers} buffers (of this reader's buffer size) while a second (virtual) thread
         * hands them to {@code receiver}, so reading the stream and writing a file overlap
         * instead of taking turns. A failure on either side ends both; what arrived before it
         * was handed on.
         *
         * @param receiver where the runs go; called from the second thread only
         * @param buffers how many buffers may be in flight (memory: buffers times buffer size)
         * @return the total number of bytes (data and holes)
         * @throws IOException when the stream is malformed or cut off, or the receiver fails
         */
        public long copyToPipelined(Receiver receiver, int buffers) throws IOException {
            BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(buffers);
            for (int i = 0; i < buffers; i++) {
                free.add(i == 0 ? buf : new byte[buf.length]);
            }
            BlockingQueue<Run> runs = new ArrayBlockingQueue<>(buffers + 2);
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().name("sparse-stream-writer").start(() -> {
                try {
                    for (Run r = runs.take(); r != Run.END; r = runs.take()) {
                        try {
                            if (failed.get() == null) {
                                if (r.buf() != null) {
                                    receiver.data(r.buf(), 0, r.dataLength());
                                } else {
                                    receiver.hole(r.holeLength());
                                }
                            }
                        } catch (IOException | RuntimeException e) {
                            failed.compareAndSet(null, e);
                        } finally {
                            if (r.buf() != null) {
                                free.add(r.buf());
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    failed.compareAndSet(null, e);
                }
            });
            long total = -1;
            IOException readFailure = null;
            try {
                while (failed.get() == null) {
                    Frame f = next();
                    if (f.end()) {
                        total = f.length();
                        break;
                    }
                    if (!f.data()) {
                        runs.put(new Run(null, 0, f.length()));
                        continue;
                    }
                    while (failed.get() == null) {
                        byte[] b = free.take();
                        int n = readData(b, 0, b.length);
                        if (n == 0) {
                            free.add(b);
                            break;
                        }
                        runs.put(new Run(b, n, 0));
                    }
                }
            } catch (IOException e) {
                readFailure = e;
            } catch (InterruptedException e) {
                readFailure = new InterruptedIOException("the transfer was interrupted");
            } finally {
                try {
                    runs.put(Run.END);
                    writer.join();
                } catch (InterruptedException e) {
                    writer.interrupt();
                    Thread.currentThread().interrupt();
                }
            }
            Exception w = failed.get();
            if (w instanceof RuntimeException re) {
                throw re;
            }
            if (w instanceof IOException io) {
                throw io;
            }
            if (w != null) {
                throw new InterruptedIOException("the transfer was interrupted");
            }
            if (readFailure != null) {
                throw readFailure;
            }
            return total;
        }

        /** One run between the stages: data (buf, length), a hole (null, length), or the end. */
        private record Run(byte[] buf, int dataLength, long holeLength) {
            static final Run END = new Run(null, 0, -1);
        }

        private long readLength() throws IOException {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the transfer was cut off inside a frame header");
                }
                v = (v << 8) | b;
            }
            if (v < 0) {
                throw new IOException("the transfer holds a frame of negative length");
            }
            return v;
        }
    }
}
