package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.VmStateLayout;
import io.jvirt.qemu.qmp.MigrationStatus;
import io.jvirt.qemu.qmp.QemuMonitor;
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
 * sends it the migration stream straight from the image's file (sendfile over the data clusters
 * that hold it), which QEMU reads several times faster than through the block layer
 * ({@code snapshot-load} reads a qcow2 image 32 KiB at a time). The image is only read, under
 * its read lock; a stream QEMU rejects, or a daemon crash meanwhile, leaves QEMU without a
 * loaded guest (ended by the caller or the recovery) and the image as it was.
 */
final class IncomingStream {

    private IncomingStream() {
    }

    /**
     * Streams the VM state of snapshot {@code tag} of {@code image} into QEMU and waits until
     * QEMU has loaded it.
     *
     * @param m the monitor of a QEMU started with {@code -incoming defer}
     * @param socket where QEMU is to listen (removed afterwards)
     * @param image the save image
     * @param tag the internal snapshot holding the VM state
     * @param timeout how long QEMU may take to load it after the last byte
     * @param progress receives the bytes sent so far
     * @throws DaemonException INVALID_ARGUMENT when QEMU rejects the stream; HYPERVISOR_FAILED when
     *     it does not finish in time
     */
    static void load(QemuMonitor m, Path socket, Path image, String tag, Duration timeout, LongConsumer progress) {
        try (DiskImage img = Images.open(image, Images.OpenOptions.of(true).withBacking(false)
                .withAccess(ImageAccess.read()));
             FileChannel file = FileChannel.open(image, StandardOpenOption.READ)) {
            if (!(img instanceof Qcow2Image q)) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The save image " + image
                        + " is not in jvirt's save image format.");
            }
            VmStateLayout layout = VmStateLayout.of(q, tag);
            Files.deleteIfExists(socket);
            m.migrateIncoming("unix:" + socket);
            boolean sent = sendOnPlatformThread(socket, file, layout, progress);
            MigrationStatus done = await(m, timeout);
            if (done.phase() != MigrationStatus.Phase.COMPLETED) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "QEMU could not load the save image " + image
                        + ": " + (done.error() != null ? done.error() : "the migration stream ended as "
                        + done.qemuStatus()) + (sent ? "" : " (QEMU stopped reading it)") + ". Nothing was changed.");
            }
        } catch (ImageException e) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The save image " + image + " cannot be read: "
                    + e.getMessage(), e);
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
    private static boolean sendOnPlatformThread(Path socket, FileChannel file, VmStateLayout layout,
                                                LongConsumer progress) throws IOException {
        FutureTask<Boolean> task = new FutureTask<>(() -> send(socket, file, layout, progress));
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

    /** Sends every run; false when QEMU closed the socket first (it rejected the stream). */
    private static boolean send(Path socket, FileChannel file, VmStateLayout layout, LongConsumer progress)
            throws IOException {
        try (SocketChannel out = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            out.connect(UnixDomainSocketAddress.of(socket));
            long total = 0;
            for (VmStateLayout.Run r : layout.runs()) {
                long pos = r.offset();
                long left = r.length();
                while (left > 0) {
                    long n;
                    try {
                        n = file.transferTo(pos, left, out);
                    } catch (IOException e) {
                        return false;
                    }
                    if (n <= 0) {
                        throw new IOException("the save image ended before its VM state did");
                    }
                    pos += n;
                    left -= n;
                    total += n;
                    progress.accept(total);
                }
            }
            out.shutdownOutput();
            return true;
        }
    }

    /** Polls query-migrate until the incoming migration has ended (a few polls after the last byte). */
    private static MigrationStatus await(QemuMonitor m, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (true) {
            MigrationStatus s = m.queryMigrate();
            if (s.ended()) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU did not finish loading the saved VM "
                        + "state within " + timeout.toSeconds() + " s.");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaemonException(ErrorCode.INTERNAL, "interrupted while QEMU loads the saved VM state.", e);
            }
            pause = Math.min(20, pause * 2);
        }
    }
}
