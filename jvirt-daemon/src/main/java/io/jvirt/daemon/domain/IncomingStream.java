package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.qmp.MigrationStatus;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;

/**
 * Loads the VM state of a save image into a QEMU started with {@code -incoming defer}: QEMU
 * listens on a socket of the domain's run directory ({@code migrate-incoming}) and the daemon
 * sends it the migration stream straight from the file (sendfile from the stream's offset to the
 * end). The image is only read; a stream QEMU rejects, or a daemon crash meanwhile, leaves QEMU
 * without a loaded guest (ended by the caller or the recovery) and the image as it was.
 */
final class IncomingStream {

    private IncomingStream() {
    }

    /**
     * Streams the migration stream of {@code image}, from {@code offset} to the end of the file,
     * into QEMU and waits until QEMU has loaded it.
     *
     * @param m the monitor of a QEMU started with {@code -incoming defer}
     * @param socket where QEMU is to listen (removed afterwards)
     * @param image the save image
     * @param offset where its migration stream starts
     * @param timeout how long QEMU may take to load it after the last byte
     * @param progress receives the bytes sent so far
     * @throws DaemonException INVALID_ARGUMENT when QEMU rejects the stream; HYPERVISOR_FAILED when
     *     it does not finish in time
     */
    static void load(QemuMonitor m, Path socket, Path image, long offset, Duration timeout, LongConsumer progress) {
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.READ)) {
            Files.deleteIfExists(socket);
            m.migrateIncoming("unix:" + socket);
            boolean sent = sendOnPlatformThread(socket, file, offset, progress);
            MigrationStatus done;
            try {
                done = MigrationWait.await(m, timeout, "load the saved VM state");
            } catch (QmpException e) {
                // QEMU 7.2 exits when an incoming stream fails to load
                throw SaveImage.notSave(image, "QEMU could not load its VM state and ended (the stream is truncated "
                        + "or damaged" + (sent ? "" : "; QEMU stopped reading it") + ")");
            }
            if (done.phase() != MigrationStatus.Phase.COMPLETED) {
                throw SaveImage.notSave(image, "QEMU could not load its VM state ("
                        + (done.error() != null ? done.error() : "the migration stream ended as " + done.qemuStatus())
                        + (sent ? "" : "; QEMU stopped reading it") + ")");
            }
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "Streaming the save image " + image + " to QEMU "
                    + "failed: " + e.getMessage() + ".", e);
        } finally {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // QEMU removes its listening socket itself; a leftover is replaced on the next restore
            }
        }
    }

    /**
     * Runs {@link #send} on a platform thread of its own: a channel that a virtual thread uses is
     * switched to non-blocking mode, and sendfile into a non-blocking socket stops at the first
     * full socket buffer (transferTo returns 0) instead of waiting for QEMU to read.
     */
    private static boolean sendOnPlatformThread(Path socket, FileChannel file, long offset, LongConsumer progress)
            throws IOException {
        FutureTask<Boolean> task = new FutureTask<>(() -> send(socket, file, offset, progress));
        Thread.ofPlatform().name("jvirt-restore-stream").start(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Sends the stream; false when QEMU closed the socket first (it rejected the stream). */
    private static boolean send(Path socket, FileChannel file, long offset, LongConsumer progress) throws IOException {
        try (SocketChannel out = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            out.connect(UnixDomainSocketAddress.of(socket));
            long pos = offset;
            long end = file.size();
            while (pos < end) {
                long n;
                try {
                    n = file.transferTo(pos, end - pos, out);
                } catch (IOException e) {
                    return false;
                }
                if (n <= 0) {
                    throw new IOException("the save image ended before its VM state did");
                }
                pos += n;
                progress.accept(pos - offset);
            }
            out.shutdownOutput();
            return true;
        }
    }
}
