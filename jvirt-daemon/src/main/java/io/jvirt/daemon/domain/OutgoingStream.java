package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.qmp.MigrationStatus;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Writes a paused guest's VM state into a file as QEMU's migration stream: QEMU migrates to a
 * socket in the domain's run directory ({@code migrate}, with no bandwidth cap) and the daemon
 * writes what arrives into the file from a given offset on. This is what libvirt's save does
 * through its I/O helper; QEMU writes the stream faster than an internal snapshot
 * ({@code snapshot-save} goes through the block layer 32 KiB at a time), and the file holds no
 * qcow2 tables.
 */
final class OutgoingStream {
    /** How fast QEMU may send: no limit that matters (its default is 32 MiB/s). */
    static final long UNLIMITED = 1L << 40;
    /** Each write hands the kernel at most this much (see the image engine's FileIo). */
    private static final int CHUNK = 256 << 10;
    private static final String SENDING = "send the VM state";

    /**
     * What QEMU's migration ended as, and the bytes of stream written.
     *
     * @param status QEMU's last word on the migration (completed, failed or cancelled)
     * @param bytes the bytes written into the file
     * @param writeError why writing into the file failed, or null
     */
    record Result(MigrationStatus status, long bytes, IOException writeError) {
        /** Whether the whole stream is in the file. */
        boolean complete() {
            return status.phase() == MigrationStatus.Phase.COMPLETED && writeError == null;
        }
    }

    private OutgoingStream() {
    }

    /**
     * Migrates the guest's state into {@code file} from {@code offset} on and waits until QEMU
     * has finished (or failed, or been cancelled with {@link QemuMonitor#migrateCancel()}).
     * The file is not synced here.
     *
     * @param m the guest's monitor (its CPUs stopped)
     * @param socket where the daemon listens (removed afterwards)
     * @param file the open file
     * @param direct the same file opened with O_DIRECT ({@code --bypass-cache}), or null: whole
     *     blocks then go past the page cache, {@code offset} being a multiple of {@link DirectIo#ALIGN}
     * @param offset where the stream starts in it
     * @param timeout how long QEMU may take to end once the stream stopped
     * @param progress receives the bytes written so far
     */
    static Result save(QemuMonitor m, Path socket, FileChannel file, FileChannel direct, long offset,
                       Duration timeout, LongConsumer progress) {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.deleteIfExists(socket);
            server.bind(UnixDomainSocketAddress.of(socket));
            server.configureBlocking(false);
            try {
                m.setMigrationBandwidth(UNLIMITED);
                m.migrate("unix:" + socket);
            } catch (QmpException e) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU refused to send the VM state: "
                        + e.getMessage(), e);
            }
            SocketChannel in = accept(m, server, timeout);
            if (in == null) {
                return new Result(MigrationWait.await(m, timeout, SENDING), 0, null);
            }
            long written = 0;
            IOException writeError = null;
            try (in) {
                in.configureBlocking(true);
                ByteBuffer buf = direct != null ? DirectIo.buffer() : ByteBuffer.allocateDirect(CHUNK);
                boolean end = false;
                while (!end) {
                    end = in.read(buf) < 0;
                    if (!end && direct != null && buf.hasRemaining()) {
                        continue; // O_DIRECT takes whole aligned chunks: fill the buffer first
                    }
                    buf.flip();
                    try {
                        written += DirectIo.write(buf, file, direct, offset + written);
                    } catch (IOException e) {
                        writeError = e; // closing the socket makes QEMU's migration fail
                        break;
                    }
                    buf.clear();
                    progress.accept(written);
                }
            }
            return new Result(MigrationWait.await(m, timeout, SENDING), written, writeError);
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "Cannot receive the VM state from QEMU through " + socket
                    + ": " + e.getMessage() + ".", e);
        } finally {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // a leftover socket is replaced by the next save
            }
        }
    }

    /** QEMU's connection, or null when its migration ended before it connected (it failed at once). */
    private static SocketChannel accept(QemuMonitor m, ServerSocketChannel server, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (true) {
            SocketChannel c = server.accept();
            if (c != null) {
                return c;
            }
            if (m.queryMigrate().ended()) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                cancelQuietly(m);
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU did not connect to send the VM state "
                        + "within " + timeout.toSeconds() + " s.");
            }
            MigrationWait.sleep(pause);
            pause = Math.min(10, pause * 2);
        }
    }

    /** Stops a migration that may still run, and waits (briefly) for it to end; for clean-ups. */
    static void cancelQuietly(QemuMonitor m) {
        try {
            if (m.queryMigrate().phase() == MigrationStatus.Phase.ACTIVE) {
                m.migrateCancel();
                MigrationWait.await(m, Duration.ofSeconds(10), SENDING);
            }
        } catch (QmpException | DaemonException e) {
            // QEMU gone or the migration over: nothing left to stop
        }
    }
}
