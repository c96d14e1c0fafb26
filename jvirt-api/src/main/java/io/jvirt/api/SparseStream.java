package io.jvirt.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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

    /** Decodes frames. Not thread-safe. */
    public static final class Reader {
        private final InputStream in;
        private final byte[] buf;

        /**
         * @param in the framed body
         * @param bufferSize the largest piece of data handed to the receiver at once
         */
        public Reader(InputStream in, int bufferSize) {
            this.in = in;
            this.buf = new byte[bufferSize];
        }

        /**
         * Reads every frame up to the end frame and hands the runs to {@code receiver}.
         *
         * @param receiver where the runs go
         * @return the total number of bytes (data and holes)
         * @throws IOException when the stream is malformed, cut off, or the receiver fails
         */
        public long copyTo(Receiver receiver) throws IOException {
            long total = 0;
            while (true) {
                int kind = in.read();
                if (kind < 0) {
                    throw new EOFException("the transfer was cut off after " + total + " bytes");
                }
                long len = readLength();
                switch (kind) {
                    case DATA -> {
                        for (long left = len; left > 0; ) {
                            int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                            if (n <= 0) {
                                throw new EOFException("the transfer was cut off after " + (total + len - left)
                                        + " bytes");
                            }
                            receiver.data(buf, 0, n);
                            left -= n;
                        }
                        total += len;
                    }
                    case HOLE -> {
                        receiver.hole(len);
                        total += len;
                    }
                    case END -> {
                        if (len != total) {
                            throw new IOException("the transfer announced " + len + " bytes but carried " + total);
                        }
                        return total;
                    }
                    default -> throw new IOException("the transfer holds an unknown frame kind " + kind);
                }
            }
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
