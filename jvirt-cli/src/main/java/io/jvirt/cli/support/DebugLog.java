package io.jvirt.cli.support;

import io.jvirt.client.JvirtClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The {@code -d/--debug} output of {@code jvirt install} and {@code jvirt clone}, as virt-install's
 * and virt-clone's: what the command does, step by step, on standard error. Each line carries the
 * wall-clock time and the milliseconds since the process started, so where the time goes shows
 * too; every exchange with jvirtd is one line.
 */
public final class DebugLog {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final DebugLog OFF = new DebugLog(null, 0);

    private final PrintWriter err;
    private final long startMillis;

    private DebugLog(PrintWriter err, long startMillis) {
        this.err = err;
        this.startMillis = startMillis;
    }

    /** A log that prints nothing. */
    public static DebugLog off() {
        return OFF;
    }

    /** A log printing to {@code err}, timed from the start of this process (to 10 ms). */
    public static DebugLog to(PrintWriter err) {
        long now = System.currentTimeMillis();
        return new DebugLog(err, now - processAgeMillis().orElse(0));
    }

    /**
     * How long ago this process started, from the kernel's clock-tick counts ({@code /proc}; a
     * tick is 10 ms for user space): {@link ProcessHandle.Info#startInstant} is only as exact as
     * the boot time, to the second.
     */
    static OptionalLong processAgeMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command name, which is in parentheses and may hold blanks
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(f[19]);
            String uptime = Files.readString(Path.of("/proc/uptime"));
            double up = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return OptionalLong.of(Math.max(0, Math.round(up * 1000) - startTicks * 10));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether lines are printed. */
    public boolean on() {
        return err != null;
    }

    /** Prints one line (a multi-line message is indented under it). */
    public void log(String message) {
        if (err == null) {
            return;
        }
        long now = System.currentTimeMillis();
        String clock = LocalTime.ofInstant(Instant.ofEpochMilli(now), ZoneId.systemDefault()).format(CLOCK);
        err.printf("[%s +%d ms] DEBUG %s%n", clock, now - startMillis, message.strip().replace("\n", "\n    "));
        err.flush();
    }

    /** Logs every exchange of {@code client} with the daemon from now on. */
    public void follow(JvirtClient client) {
        if (err != null) {
            client.listen((method, target, status, nanos) -> log(String.format(Locale.ROOT,
                    "jvirtd: %s %s -> %d (%.1f ms)", method, target, status, nanos / 1e6)));
        }
    }
}
