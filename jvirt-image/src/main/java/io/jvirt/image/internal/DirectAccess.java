package io.jvirt.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@link FileAccess} for a file whose data is written with O_DIRECT: two open descriptions of
 * one file, one with O_DIRECT for the pieces of a write whose offset and length are multiples
 * of the file system's block, one through the page cache for everything else (reads, the
 * unaligned head and tail of a write, the length). Linux keeps the two coherent: a direct write
 * first writes back, then drops, the cached pages it covers. A piece whose memory is not
 * aligned to the block is copied into an aligned buffer of this object first. fdatasync acts
 * on the file rather than on the descriptor, so one {@link #force} makes both sides durable.
 */
final class DirectAccess implements FileAccess {

    /** The largest piece copied into the aligned buffer at once. */
    private static final int BOUNCE = 1 << 20;

    private final FileAccess buffered;
    private final FileAccess direct;
    private final int align;
    private ByteBuffer bounce;

    /**
     * Pairs two open descriptions of one file.
     *
     * @param buffered the file opened through the page cache
     * @param direct the same file opened with O_DIRECT
     * @param align the block size of its file system, a power of two
     */
    DirectAccess(FileAccess buffered, FileAccess direct, int align) {
        if (align <= 0 || Integer.bitCount(align) != 1) {
            throw new IllegalArgumentException("block size " + align + " is not a power of two");
        }
        this.buffered = buffered;
        this.direct = direct;
        this.align = align;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return buffered.read(dst, position);
    }

    /**
     * Writes the first piece of {@code src}: up to the next block boundary through the page
     * cache when {@code position} is not aligned (or when less than a block remains), else
     * every whole block with O_DIRECT.
     */
    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int len = src.remaining();
        int head = (int) (-position & (align - 1));
        if (head > 0 || len < align) {
            return writePiece(buffered, src, head > 0 ? Math.min(head, len) : len, position);
        }
        int blocks = len & -align;
        if (src.isDirect() && src.alignmentOffset(src.position(), align) == 0) {
            return writePiece(direct, src, blocks, position);
        }
        ByteBuffer b = bounce();
        int n = Math.min(blocks, b.capacity());
        b.clear().put(0, src, src.position(), n).limit(n);
        while (b.hasRemaining()) {
            direct.write(b, position + b.position());
        }
        src.position(src.position() + n);
        return n;
    }

    private static int writePiece(FileAccess file, ByteBuffer src, int n, long position) throws IOException {
        int limit = src.limit();
        src.limit(src.position() + n);
        try {
            return file.write(src, position);
        } finally {
            src.limit(limit);
        }
    }

    private ByteBuffer bounce() {
        if (bounce == null) {
            bounce = ByteBuffer.allocateDirect(BOUNCE + align).alignedSlice(align);
        }
        return bounce;
    }

    @Override
    public long size() throws IOException {
        return buffered.size();
    }

    @Override
    public void setLength(long length) throws IOException {
        buffered.setLength(length);
    }

    @Override
    public void force() throws IOException {
        buffered.force();
    }

    @Override
    public void startWriteback() {
        buffered.startWriteback();
    }

    @Override
    public boolean direct() {
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            direct.close();
        } finally {
            buffered.close();
        }
    }
}
