package io.jvirt.daemon.domain;

import io.jvirt.api.ConsoleStream.End;
import io.jvirt.api.ConsoleStream.EndReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One client's session on a domain's console ({@link io.jvirt.api.ConsoleStream}), owned by the daemon: the daemon's own
 * connection to the console socket QEMU listens on. A front end relays it ({@link #read}
 * guest output, {@link #send} keystrokes) until it ends: the client detaches, another client
 * takes it over, or QEMU closes the socket. The first end wins and says why.
 *
 * <p>A detach half-closes the connection and lets QEMU read what is still queued (the
 * guest's serial port takes a few bytes at a time, and QEMU drops unread input when its client
 * is gone); the connection closes when QEMU has read it all, or after {@link #DRAIN} at the
 * latest. A take-over closes at once, as libvirt aborts the old stream.
 *
 * <p>Threads: one thread reads while another sends; {@link #end} may come from any thread
 * and wakes a blocked reader.
 */
public final class ConsoleSession {
    /** How long a detached session may take to hand its last keystrokes to QEMU. */
    static final Duration DRAIN = Duration.ofSeconds(2);

    private final String domain;
    private final SocketChannel guest;
    private final Consumer<ConsoleSession> onEnd;
    private final AtomicReference<End> end = new AtomicReference<>();
    /** Counted down once the client was told how the session ended (or could not be told). */
    private final CountDownLatch told = new CountDownLatch(1);

    ConsoleSession(String domain, SocketChannel guest, Consumer<ConsoleSession> onEnd) {
        this.domain = domain;
        this.guest = guest;
        this.onEnd = onEnd;
    }

    /** The name of the domain whose console this is. */
    public String domain() {
        return domain;
    }

    /**
     * Reads guest output, waiting for some.
     *
     * @return the number of bytes read, or -1 once the session has ended and QEMU's side is
     *         closed ({@link #ended()} says why)
     */
    public int read(byte[] buf) {
        int n;
        try {
            n = guest.read(ByteBuffer.wrap(buf));
        } catch (IOException closed) {
            n = -1; // ended by another thread, or QEMU went away
        }
        if (n < 0) {
            end(EndReason.DOMAIN_STOPPED);
            return -1;
        }
        return n;
    }

    /**
     * Sends keystrokes to the guest.
     *
     * @throws IOException when the session has ended or QEMU went away
     */
    public void send(byte[] buf, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        while (b.hasRemaining()) {
            guest.write(b);
        }
    }

    /**
     * Ends the session for {@code reason} unless it has already ended.
     *
     * @return the end that counts: this one, or the earlier one
     */
    public End end(EndReason reason) {
        End mine = new End(reason, message(reason));
        if (!end.compareAndSet(null, mine)) {
            return end.get();
        }
        onEnd.accept(this);
        switch (reason) {
            case DETACHED -> drainThenClose();
            case TAKEN_OVER, DOMAIN_STOPPED, DAEMON_STOPPED -> closeGuest();
        }
        return mine;
    }

    private void drainThenClose() {
        try {
            guest.shutdownOutput(); // QEMU reads what is queued, then sees the end and lets go
        } catch (IOException e) {
            closeGuest();
            return;
        }
        Thread.ofVirtual().name("console-drain-" + domain).start(() -> {
            try {
                Thread.sleep(DRAIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeGuest();
        });
    }

    private void closeGuest() {
        try {
            guest.close();
        } catch (IOException ignored) {
            // closing our end of a UNIX socket loses nothing
        }
    }

    /** Records that the client has been sent the end of the session, or cannot be sent it. */
    public void endDelivered() {
        told.countDown();
    }

    /**
     * Waits until the client has been sent the end of the session.
     *
     * @param nanos the longest wait
     * @return whether it was sent in time
     */
    boolean awaitEndDelivered(long nanos) {
        try {
            return told.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why the session ended, or null while it is open. */
    public End ended() {
        return end.get();
    }

    private String message(EndReason reason) {
        return switch (reason) {
            case DETACHED -> "Detached from the console of domain '" + domain + "'.";
            case TAKEN_OVER -> "Another client took over the console of domain '" + domain
                    + "' with 'jvirt console --force'; this session has ended.";
            case DOMAIN_STOPPED -> "The console of domain '" + domain + "' closed because the domain stopped.";
            case DAEMON_STOPPED -> "jvirtd stopped, which ended the console session of domain '" + domain
                    + "'; the domain keeps running: attach again once jvirtd is back.";
        };
    }
}
