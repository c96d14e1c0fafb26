package io.jvirt.daemon.domain;

import io.jvirt.api.ConsoleStream.EndReason;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.CharBackend;
import io.jvirt.conf.domain.CharSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The console sessions of all domains: at most one per domain, as libvirt's {@code virChrdevOpen}
 * keeps it. A second client is refused ({@link ErrorCode#CONSOLE_BUSY}) unless it forces its
 * way in, which ends the first session with {@link EndReason#TAKEN_OVER}.
 *
 * <p>Locking: one monitor, held for the check, the connect to QEMU's socket (a local connect
 * that does not wait for QEMU to accept) and the insert; never across reads or writes.
 */
final class ConsoleSessions {
    private final Map<UUID, ConsoleSession> open = new HashMap<>();

    /**
     * Opens a session on the console socket of a running domain.
     *
     * @param live   the domain's live definition
     * @param socket the console socket QEMU listens on
     * @param force  take the console over from a session that has it
     * @throws DaemonException CONSOLE_BUSY, UNSUPPORTED (no console), HYPERVISOR_FAILED (cannot connect)
     */
    synchronized ConsoleSession open(DomainObj obj, DomainDef live, Path socket, boolean force) {
        requireSocketConsole(obj.name(), live);
        ConsoleSession current = awaitHandover(obj.uuid(), force);
        if (current != null && current.ended() == null) {
            if (!force) {
                throw new DaemonException(ErrorCode.CONSOLE_BUSY, "The console of domain '" + obj.name()
                        + "' is in use by another session; detach that one (Ctrl+]) or take the console over with "
                        + "'jvirt console --force " + obj.name() + "'.");
            }
            current.end(EndReason.TAKEN_OVER);
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw cannotConnect(obj, socket, e);
        }
        try {
            // QEMU accepts one client at a time and takes this one as soon as it has noticed that
            // a session it just lost is gone; until then the kernel queues the connection
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was sent
            }
            throw cannotConnect(obj, socket, e);
        }
        ConsoleSession s = new ConsoleSession(obj.name(), ch, this::ended);
        open.put(obj.uuid(), s);
        return s;
    }

    /**
     * How long a new client waits for a session that is ending: a client that detached (or
     * closed) a moment ago has its session ended as soon as the daemon has read the end of its
     * keystrokes, and attaching again right away must not be refused for it.
     */
    static final Duration HANDOVER = Duration.ofSeconds(1);

    /** The domain's current session, after waiting up to {@link #HANDOVER} for one to end (unless forcing). */
    private ConsoleSession awaitHandover(UUID domain, boolean force) {
        ConsoleSession current = open.get(domain);
        long deadline = System.nanoTime() + HANDOVER.toNanos();
        while (!force && current != null && current.ended() == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000)); // ended() notifies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            current = open.get(domain);
        }
        return current;
    }

    /** How long a stopping daemon waits for its console clients to be told. */
    static final Duration FAREWELL = Duration.ofSeconds(2);

    private synchronized void ended(ConsoleSession s) {
        open.values().remove(s);
        notifyAll();
    }

    /**
     * Ends every session (the daemon stops) and waits, at most {@link #FAREWELL} in all, until
     * each client has been sent why, so that stopping the API does not cut the news off; the
     * domains keep running.
     */
    void endAll() {
        List<ConsoleSession> all;
        synchronized (this) {
            all = new ArrayList<>(open.values());
        }
        all.forEach(s -> s.end(EndReason.DAEMON_STOPPED));
        long deadline = System.nanoTime() + FAREWELL.toNanos();
        for (ConsoleSession s : all) {
            s.awaitEndDelivered(Math.max(0, deadline - System.nanoTime()));
        }
    }

    /**
     * Refuses a domain whose primary console (first serial port, else first console) is not a
     * socket QEMU listens on: none at all, or one that writes to a file.
     */
    private static void requireSocketConsole(String name, DomainDef live) {
        CharSource src = null;
        if (live != null && !live.devices().serials().isEmpty()) {
            src = live.devices().serials().getFirst().source();
        } else if (live != null && !live.devices().consoles().isEmpty()) {
            src = live.devices().consoles().getFirst().source();
        }
        if (src == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "Domain '" + name + "' has no serial port or console "
                    + "to attach to; add <serial type='pty'><target port='0'/></serial> to its definition and "
                    + "start it again.");
        }
        boolean connecting = src.backend() instanceof CharBackend.Unix u && u.mode() == CharSource.Mode.CONNECT;
        boolean socket = src.backend() instanceof CharBackend.Pty || src.backend() instanceof CharBackend.Unix && !connecting;
        if (!socket) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "The first serial port or console of domain '" + name
                    + "' is of type '" + src.type().xml() + "'" + (connecting ? " in connect mode" : "")
                    + ", which jvirt cannot attach to; make it type 'pty'.");
        }
    }

    private static DaemonException cannotConnect(DomainObj obj, Path socket, IOException e) {
        return new DaemonException(ErrorCode.HYPERVISOR_FAILED, "Cannot connect to the console of domain '"
                + obj.name() + "' at " + socket + ": " + e.getMessage() + ".", e);
    }
}
