package io.jvirt.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes an HTTP/1.1 chunked request body. Small writes are gathered into chunks of up to
 * {@code chunkSize} bytes; a large write when nothing is gathered goes out as one chunk without
 * a copy. {@link #close()} writes the last (empty) chunk but leaves the connection open.
 */
final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buf;
    private int count;
    private boolean closed;

    ChunkedOutputStream(OutputStream out, int chunkSize) {
        this.out = out;
        this.buf = new byte[chunkSize];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length) {
            flushChunk();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= buf.length) {
            flushChunk();
            chunk(b, off, len);
            return;
        }
        if (len > buf.length - count) {
            flushChunk();
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void flushChunk() throws IOException {
        if (count > 0) {
            chunk(buf, 0, count);
            count = 0;
        }
    }

    private void chunk(byte[] b, int off, int len) throws IOException {
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b, off, len);
        out.write('\r');
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        flushChunk();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            flushChunk();
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}
