package io.jvirt.image.ops;

import io.jvirt.image.Extent;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a source a few chunks ahead of the code that writes them, on a thread of its own, so
 * that reading the source and writing the target overlap (qemu-img convert keeps several
 * requests in flight for the same reason). The source is touched only by the reading thread
 * and the target only by the caller; buffers go back and forth through two small queues.
 * The reading thread is never interrupted (an interrupt would close a file channel under
 * it): it checks a flag between its steps.
 */
final class ReadAhead implements AutoCloseable {

    /** Where the source's extents and data come from; called on the reading thread only. */
    interface Source {
        /**
         * Returns the kind and length of the extent at {@code pos}, no longer than {@code limit - pos}.
         *
         * @param pos the guest offset
         * @param limit the end of the chunk
         * @return the extent
         */
        Span span(long pos, long limit);

        /**
         * Reads {@code len} bytes at {@code pos} into the start of {@code buf}.
         *
         * @param pos the guest offset
         * @param buf the buffer (direct), with its position 0 and its limit {@code len}
         * @param len the length
         */
        void read(long pos, ByteBuffer buf, int len);
    }

    /**
     * An extent of the source.
     *
     * @param type data, zeroes or unallocated
     * @param len its length in bytes
     */
    record Span(Extent.Type type, long len) {
    }

    /**
     * A piece of the source, in order.
     *
     * @param pos its guest offset
     * @param type data, zeroes or unallocated
     * @param len its length
     * @param buf its bytes for data (from index 0; a direct buffer whose memory starts at a page
     *            boundary, so that neither the writer's file channel nor O_DIRECT needs a copy
     *            through a temporary one), null otherwise; give it back with
     *            {@link #recycle}
     */
    record Piece(long pos, Extent.Type type, long len, ByteBuffer buf) {
    }

    /**
     * The alignment of the buffers' memory: a page, so that a target written with O_DIRECT
     * takes them without a copy on file systems of blocks up to that size.
     */
    private static final int ALIGN = 4096;

    private static final Piece END = new Piece(-1, Extent.Type.UNALLOCATED, 0, null);

    private final BlockingQueue<ByteBuffer> free;
    private final BlockingQueue<Object> ready;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * Starts reading.
     *
     * @param size the source's virtual size
     * @param chunk the largest piece, a power of two; pieces never cross a multiple of it
     * @param depth how many data pieces may be read ahead
     * @param source the source
     */
    ReadAhead(long size, int chunk, int depth, Source source) {
        free = new ArrayBlockingQueue<>(depth);
        ready = new ArrayBlockingQueue<>(depth + 1);
        int pages = (chunk + ALIGN - 1) & -ALIGN;
        for (int i = 0; i < depth; i++) {
            free.add(ByteBuffer.allocateDirect(pages + ALIGN).alignedSlice(ALIGN));
        }
        thread = Thread.ofPlatform().daemon().name("jvirt-img-read").start(() -> run(size, chunk, source));
    }

    private void run(long size, int chunk, Source source) {
        try {
            long pos = 0;
            while (pos < size && !stopped) {
                long limit = Math.min(size, (pos / chunk + 1) * chunk);
                Span s = source.span(pos, limit);
                ByteBuffer buf = null;
                if (s.type() == Extent.Type.DATA) {
                    buf = takeBuffer();
                    if (buf == null) {
                        return;
                    }
                    buf.clear().limit((int) s.len());
                    source.read(pos, buf, (int) s.len());
                }
                if (!hand(new Piece(pos, s.type(), s.len(), buf))) {
                    return;
                }
                pos += s.len();
            }
            hand(END);
        } catch (RuntimeException | Error e) {
            hand(e);
        }
    }

    /** A free buffer, or null once stopped. */
    private ByteBuffer takeBuffer() {
        while (!stopped) {
            try {
                ByteBuffer b = free.poll(20, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    /** Hands a piece or a failure to the writer; false once stopped. */
    private boolean hand(Object o) {
        while (!stopped) {
            try {
                if (ready.offer(o, 20, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Returns the next piece, or null after the last one.
     *
     * @return the piece or null
     * @throws RuntimeException what reading the source threw
     */
    Piece next() {
        Object o;
        try {
            o = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the source", e);
        }
        return switch (o) {
            case Piece p -> p == END ? null : p;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException("unexpected " + o);
        };
    }

    /**
     * Gives a data piece's buffer back for the next read.
     *
     * @param buf the buffer of a piece
     */
    void recycle(ByteBuffer buf) {
        if (buf != null) {
            free.offer(buf);
        }
    }

    /** Stops the reading thread and waits for it to finish its current step. */
    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
