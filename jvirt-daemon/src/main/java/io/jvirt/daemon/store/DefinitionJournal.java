package io.jvirt.daemon.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A write-ahead journal of definition changes with group commit: concurrent callers'
 * records are written with one {@code write} and made durable with one {@code fdatasync},
 * and each caller returns only once its record is on disk. The XML files themselves are
 * then written in the background; on start-up the journal is replayed over them, so a
 * definition acknowledged to a client is never lost, whatever moment the host dies.
 *
 * <p>Record layout: {@code int length, int crc32c, byte op, UTF name, int xmlLength, xml bytes}.
 * A torn or corrupt tail (a crash in the middle of a write) ends the replay.
 */
public final class DefinitionJournal implements AutoCloseable {
    /** What a record does. */
    public enum Op { PUT, DELETE }

    /** One replayed record. */
    public record Entry(Op op, String name, String xml) { }

    private static final int MAX_RECORD = 16 * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final Object lock = new Object();
    private final List<Pending> queue = new ArrayList<>();
    private boolean writing;

    private static final class Pending {
        final ByteBuffer bytes;
        boolean done;
        IOException failure;

        Pending(ByteBuffer bytes) {
            this.bytes = bytes;
        }
    }

    public DefinitionJournal(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        channel.position(channel.size());
    }

    /** Appends a record and returns once it is durable (group commit with concurrent callers). */
    public void append(Op op, String name, String xml) throws IOException {
        Pending p = new Pending(encode(op, name, xml));
        List<Pending> batch;
        synchronized (lock) {
            queue.add(p);
            while (true) {
                if (p.done) {
                    if (p.failure != null) {
                        throw p.failure;
                    }
                    return;
                }
                if (!writing) {
                    writing = true;
                    batch = new ArrayList<>(queue);
                    queue.clear();
                    break;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the journal", e);
                }
            }
        }
        IOException failure = null;
        try {
            ByteBuffer[] bufs = new ByteBuffer[batch.size()];
            for (int i = 0; i < bufs.length; i++) {
                bufs[i] = batch.get(i).bytes;
            }
            long remaining = 0;
            for (ByteBuffer b : bufs) {
                remaining += b.remaining();
            }
            while (remaining > 0) {
                remaining -= channel.write(bufs);
            }
            channel.force(false);
        } catch (IOException e) {
            failure = e;
        }
        synchronized (lock) {
            for (Pending q : batch) {
                q.done = true;
                q.failure = failure;
            }
            writing = false;
            lock.notifyAll();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Reads every intact record, oldest first; stops at a torn or corrupt tail. */
    public List<Entry> replay() throws IOException {
        List<Entry> out = new ArrayList<>();
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        while (b.remaining() >= 8) {
            int len = b.getInt();
            int crc = b.getInt();
            if (len <= 0 || len > MAX_RECORD || len > b.remaining()) {
                break;
            }
            CRC32C c = new CRC32C();
            c.update(all, b.position(), len);
            if ((int) c.getValue() != crc) {
                break;
            }
            ByteBuffer rec = b.slice(b.position(), len);
            b.position(b.position() + len);
            Op op = Op.values()[rec.get()];
            byte[] name = new byte[Short.toUnsignedInt(rec.getShort())];
            rec.get(name);
            byte[] xml = new byte[rec.getInt()];
            rec.get(xml);
            out.add(new Entry(op, new String(name, StandardCharsets.UTF_8), new String(xml, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Empties the journal; call only when every record is reflected durably in the XML files. */
    public void truncate() throws IOException {
        synchronized (lock) {
            channel.truncate(0);
            channel.position(0);
            channel.force(true);
        }
    }

    /** The journal's size in bytes. */
    public long size() throws IOException {
        return channel.size();
    }

    static ByteBuffer encode(Op op, String name, String xml) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(xml.length() + 64);
        DataOutputStream d = new DataOutputStream(body);
        d.writeByte(op.ordinal());
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        d.writeShort(n.length);
        d.write(n);
        byte[] x = xml.getBytes(StandardCharsets.UTF_8);
        d.writeInt(x.length);
        d.write(x);
        byte[] rec = body.toByteArray();
        CRC32C c = new CRC32C();
        c.update(rec);
        ByteBuffer out = ByteBuffer.allocate(8 + rec.length);
        out.putInt(rec.length).putInt((int) c.getValue()).put(rec).flip();
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
