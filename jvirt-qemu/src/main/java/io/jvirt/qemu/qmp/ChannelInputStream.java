package io.jvirt.qemu.qmp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reads a blocking socket channel without taking the channel's blocking lock, so that other
 * threads can write to the same channel while the reader thread waits for input.
 */
final class ChannelInputStream extends InputStream {
    private final SocketChannel channel;

    ChannelInputStream(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        return channel.read(ByteBuffer.wrap(buffer, offset, length));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
