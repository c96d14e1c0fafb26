package io.jvirt.network.host;

import io.jvirt.network.NetworkException;
import io.jvirt.sys.Command;
import io.jvirt.sys.ProcStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs one dnsmasq per network. dnsmasq daemonizes itself, like under libvirt: its
 * launcher returns only after the configuration was read and the sockets were bound, so a
 * bad configuration or a busy port is an immediate error with dnsmasq's own words, and
 * the running dnsmasq is independent of jvirtd (a daemon restart reattaches to it through
 * its pid and start time instead of restarting it).
 */
public final class Dnsmasq {

    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private Dnsmasq() {
    }

    /**
     * A running dnsmasq, identified by pid and {@code /proc} start time so that a reused
     * pid is never mistaken for it.
     *
     * @param pid the process id
     * @param startTime its start time in clock ticks since boot
     */
    public record Handle(long pid, long startTime) {

        /** True while this very process runs. */
        public boolean alive() {
            return ProcStat.isSameLiveProcess(pid, startTime);
        }
    }

    /**
     * Starts dnsmasq with a generated configuration file whose {@code pid-file} is {@code pidFile}.
     *
     * @param confFile the configuration
     * @param pidFile the pid file the configuration names
     * @param network the network name, for messages
     * @return the running process
     * @throws NetworkException when dnsmasq refuses to start
     */
    public static Handle start(Path confFile, Path pidFile, String network) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.Result r;
        try {
            r = Command.run(List.of("dnsmasq", "--conf-file=" + confFile), null, Duration.ofSeconds(20));
        } catch (UncheckedIOException e) {
            throw new NetworkException(NetworkException.Kind.HOST_FAILURE,
                    "Cannot run dnsmasq for network " + network + ": " + e.getMessage()
                            + "; install the dnsmasq-base package.", e);
        }
        if (!r.ok()) {
            throw new NetworkException(NetworkException.Kind.HOST_FAILURE, "dnsmasq for network " + network
                    + " did not start: " + r.firstErrorLine() + " (configuration " + confFile + ").");
        }
        Optional<Handle> h = read(pidFile);
        if (h.isEmpty()) {
            throw new NetworkException(NetworkException.Kind.HOST_FAILURE, "dnsmasq for network " + network
                    + " started but wrote no usable pid file " + pidFile + ".");
        }
        return h.get();
    }

    /** Reads the pid file and the process's start time, or empty when either is gone. */
    public static Optional<Handle> read(Path pidFile) {
        String text;
        try {
            text = Files.readString(pidFile).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcStat.read(pid).filter(ProcStat::alive).map(s -> new Handle(pid, s.startTime()));
    }

    /** Makes dnsmasq re-read its hosts files (SIGHUP). */
    public static void reload(Handle h) {
        if (h.alive()) {
            Command.run(List.of("kill", "-HUP", Long.toString(h.pid())));
        }
    }

    /**
     * Stops the process: SIGTERM, then SIGKILL when it has not exited after a few seconds.
     * An exited process whose zombie still waits for PID 1 counts as stopped.
     */
    public static void stop(Handle h) {
        if (!h.alive()) {
            return;
        }
        ProcessHandle.of(h.pid()).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (h.alive()) {
            if (System.nanoTime() > deadline) {
                ProcessHandle.of(h.pid()).ifPresent(ProcessHandle::destroyForcibly);
                deadline = Long.MAX_VALUE;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
