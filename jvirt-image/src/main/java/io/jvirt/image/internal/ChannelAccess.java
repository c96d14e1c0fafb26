package io.jvirt.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** {@link FileAccess} over a {@link FileChannel}: what the engine uses outside tests. */
record ChannelAccess(FileChannel channel) implements FileAccess {

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return channel.write(src, position);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void setLength(long length) throws IOException {
        long size = channel.size();
        if (size > length) {
            channel.truncate(length);
        } else if (size < length) {
            channel.write(ByteBuffer.allocate(1), length - 1);
        }
    }

    @Override
    public void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
