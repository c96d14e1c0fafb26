package io.jvirt.client;

import java.io.IOException;
import java.io.InputStream;

/** The next {@code length} bytes of a connection: a Content-Length body; ends early are errors. */
final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
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
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("the daemon closed the connection in the middle of a response");
        }
        remaining -= n;
        return n;
    }
}
