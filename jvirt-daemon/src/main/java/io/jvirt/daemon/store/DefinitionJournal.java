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
    private final java.util.concurrent.LinkedBlockingQueue<Pending> queue = new java.util.concurrent.LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closed;

    private record Pending(ByteBuffer bytes, java.util.concurrent.CompletableFuture<Void> done) { }

    /** Queued by {@link #close()} to wake the committer at once. */
    private static final Pending STOP = new Pending(ByteBuffer.allocate(0), new java.util.concurrent.CompletableFuture<>());

    public DefinitionJournal(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ), PrivateFiles.fileMode());
        channel.position(channel.size());
        this.committer = Thread.ofPlatform().daemon().name("defs-journal").start(this::commitLoop);
    }

    /**
     * Appends a record and returns once it is durable. One committer thread takes every
     * record queued while it was busy and writes them with one write and one fdatasync.
     */
    public void append(Op op, String name, String xml) throws IOException {
        if (closed) {
            throw new IOException("the definition journal " + file + " is closed");
        }
        Pending p = new Pending(encode(op, name, xml), new java.util.concurrent.CompletableFuture<>());
        queue.add(p);
        try {
            p.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the journal", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void commitLoop() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch);
            } catch (InterruptedException e) {
                break;
            }
            stop = batch.remove(STOP);
            if (batch.isEmpty()) {
                continue;
            }
            IOException failure = null;
            try {
                synchronized (lock) {
                    ByteBuffer[] bufs = new ByteBuffer[batch.size()];
                    long remaining = 0;
                    for (int i = 0; i < bufs.length; i++) {
                        bufs[i] = batch.get(i).bytes();
                        remaining += bufs[i].remaining();
                    }
                    while (remaining > 0) {
                        remaining -= channel.write(bufs);
                    }
                    channel.force(false);
                }
            } catch (IOException e) {
                failure = e;
            }
            for (Pending q : batch) {
                if (failure == null) {
                    q.done().complete(null);
                } else {
                    q.done().completeExceptionally(failure);
                }
            }
            batch.clear();
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
        closed = true;
        queue.add(STOP);
        try {
            committer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
