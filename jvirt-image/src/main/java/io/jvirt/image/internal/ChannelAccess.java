package io.jvirt.image.internal;

import io.jvirt.sys.Libc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * {@link FileAccess} over a {@link FileChannel}: what the engine uses outside tests. Writeback
 * hints go through a second descriptor of the file (the channel does not expose its own),
 * opened on the first hint.
 */
final class ChannelAccess implements FileAccess {

    private static final int UNOPENED = -2;

    private final FileChannel channel;
    private final Path path;
    private int hintFd = UNOPENED;

    ChannelAccess(FileChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

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
    public void startWriteback() {
        if (path == null) {
            return;
        }
        try {
            if (hintFd == UNOPENED) {
                hintFd = Libc.open(path, Libc.O_RDONLY);
            }
            if (hintFd >= 0) {
                Libc.syncFileRange(hintFd, 0, 0, Libc.SYNC_FILE_RANGE_WRITE);
            }
        } catch (Libc.Unavailable e) {
            hintFd = -1;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (hintFd >= 0) {
                Libc.close(hintFd);
                hintFd = -1;
            }
        }
    }
}
