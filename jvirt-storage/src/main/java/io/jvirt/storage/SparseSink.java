package io.jvirt.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where {@link StoragePool#download} sends a volume's bytes: runs of data, and holes (runs
 * of zeroes the volume does not store, or stores as zeroes) that a sink may write as zeroes
 * or skip. Calls arrive in order and cover the range without gaps.
 */
public interface SparseSink {

    /**
     * Receives data.
     *
     * @param buf the bytes
     * @param off offset in buf
     * @param len number of bytes
     * @throws IOException when the sink fails
     */
    void data(byte[] buf, int off, int len) throws IOException;

    /**
     * Receives a run of zeroes.
     *
     * @param length number of zero bytes
     * @throws IOException when the sink fails
     */
    void hole(long length) throws IOException;

    /**
     * Writes everything, holes as zero bytes, to a stream (which is not closed).
     *
     * @param out the stream
     * @return the sink
     */
    static SparseSink of(OutputStream out) {
        byte[] zeroes = new byte[64 << 10];
        return new SparseSink() {
            @Override
            public void data(byte[] buf, int off, int len) throws IOException {
                out.write(buf, off, len);
            }

            @Override
            public void hole(long length) throws IOException {
                for (long left = length; left > 0; left -= zeroes.length) {
                    out.write(zeroes, 0, (int) Math.min(zeroes.length, left));
                }
            }
        };
    }

    /**
     * Writes into a file from its current position, leaving holes unwritten (so a fresh file
     * stays sparse). The caller sets the file's final size: holes at the end do not extend it.
     *
     * @param file a channel open for writing
     * @return the sink
     */
    static SparseSink of(FileChannel file) {
        return new SparseSink() {
            @Override
            public void data(byte[] buf, int off, int len) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(buf, off, len);
                while (b.hasRemaining()) {
                    file.write(b);
                }
            }

            @Override
            public void hole(long length) throws IOException {
                file.position(file.position() + length);
            }
        };
    }
}
