package io.jvirt.client;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; reading stops at the last (empty) chunk. */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (!nextChunk()) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw new IOException("the daemon closed the connection in the middle of a response");
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!nextChunk()) {
            return -1;
        }
        int n = in.read(buf, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("the daemon closed the connection in the middle of a response");
        }
        remaining -= n;
        return n;
    }

    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        if (remaining > 0) {
            return true;
        }
        String size = UnixHttpConnection.readLine(in);
        if (size != null && size.isEmpty()) {
            size = UnixHttpConnection.readLine(in); // CRLF after the previous chunk
        }
        if (size == null) {
            done = true;
            return false;
        }
        int semi = size.indexOf(';');
        remaining = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
        if (remaining == 0) {
            // trailers until an empty line
            for (String t = UnixHttpConnection.readLine(in); t != null && !t.isEmpty(); t = UnixHttpConnection.readLine(in)) {
                // ignored
            }
            done = true;
            return false;
        }
        return true;
    }
}
