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
     * @param bypassCache read it with O_DIRECT ({@code --bypass-cache}) where the file system allows
     * @param timeout how long QEMU may take to load it after the last byte
     * @param progress receives the bytes sent so far
     * @throws DaemonException INVALID_ARGUMENT when QEMU rejects the stream; HYPERVISOR_FAILED when
     *     it does not finish in time
     */
    static void load(QemuMonitor m, Path socket, Path image, long offset, boolean bypassCache, Duration timeout,
                     LongConsumer progress) {
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.READ);
             FileChannel direct = bypassCache ? DirectIo.open(image, StandardOpenOption.READ) : null) {
            Files.deleteIfExists(socket);
            m.migrateIncoming("unix:" + socket);
            boolean sent = sendOnPlatformThread(socket, direct != null ? direct : file, direct != null, offset,
                    progress);
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
    private static boolean sendOnPlatformThread(Path socket, FileChannel file, boolean direct, long offset,
                                                LongConsumer progress) throws IOException {
        FutureTask<Boolean> task = new FutureTask<>(() -> direct ? sendDirect(socket, file, offset, progress)
                : send(socket, file, offset, progress));
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

    /**
     * Sends the stream read with O_DIRECT: whole aligned chunks from the block holding
     * {@code offset}, the bytes before it skipped; a short read is the end of the file.
     */
    private static boolean sendDirect(Path socket, FileChannel direct, long offset, LongConsumer progress)
            throws IOException {
        try (SocketChannel out = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            out.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer buf = DirectIo.buffer();
            long pos = offset - offset % DirectIo.ALIGN;
            int skip = (int) (offset - pos);
            long sent = 0;
            while (true) {
                buf.clear();
                int n = direct.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
                buf.flip().position(Math.min(skip, n));
                skip = 0;
                try {
                    while (buf.hasRemaining()) {
                        sent += out.write(buf);
                    }
                } catch (IOException e) {
                    return false;
                }
                progress.accept(sent);
                if (n < buf.capacity()) {
                    break;
                }
            }
            out.shutdownOutput();
            return true;
        }
    }
}
