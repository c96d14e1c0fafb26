package io.jvirt.qemu.probe;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one short-lived QEMU with a deadline and watches its output (serial console on
 * stdout, merged with stderr) for a marker. A virtual thread reads the output.
 */
final class QemuRun {
    private static final int MAX_OUTPUT = 64 * 1024;

    /**
     * What one run did.
     *
     * @param markerSeen true when the marker appeared in the output
     * @param exitStatus QEMU's exit status when it ended by itself; empty when it was killed
     * @param output what QEMU and the guest printed (at most 64 KiB)
     * @param took from start until QEMU ended, the marker appeared or the deadline passed
     */
    record Outcome(boolean markerSeen, OptionalInt exitStatus, String output, Duration took) {
        /** Returns QEMU's own error lines, without warnings, joined by "; ". */
        String qemuErrors() {
            return String.join("; ", output.lines()
                    .filter(l -> l.startsWith("qemu-system") || l.startsWith("qemu:"))
                    .filter(l -> !l.contains("warning:"))
                    .toList());
        }
    }

    private QemuRun() {
    }

    /**
     * Starts {@code argv}, then waits until it exits, prints {@code marker} (null for none)
     * or {@code timeout} passes; a QEMU still running then is killed.
     */
    static Outcome run(List<String> argv, Duration timeout, String marker) throws IOException {
        long start = System.nanoTime();
        // coreutils' timeout kills QEMU even if this JVM dies mid-probe (a hung KVM guest spins a core)
        List<String> guarded = new java.util.ArrayList<>(List.of("timeout", "-s", "KILL",
                Long.toString(timeout.toSeconds() + 3)));
        guarded.addAll(argv);
        Process process = new ProcessBuilder(guarded)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> markerSeen = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().name("qemu-probe-output").start(
                () -> read(process.getInputStream(), output, marker, markerSeen));
        boolean seen = false;
        try {
            CompletableFuture.anyOf(process.onExit(), markerSeen).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            seen = markerSeen.isDone();
        } catch (TimeoutException e) {
            // the deadline passed: handled below by killing QEMU
        } catch (ExecutionException e) {
            throw new IOException("Watching QEMU failed.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IOException("The thread watching QEMU was interrupted.", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        OptionalInt status = OptionalInt.empty();
        if (process.isAlive()) {
            kill(process);
        } else {
            status = OptionalInt.of(process.exitValue());
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            reader.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text;
        synchronized (output) {
            text = output.toString();
        }
        return new Outcome(seen || (marker != null && text.contains(marker)), status, text, took);
    }

    /** Kills QEMU (a child of {@code timeout}) and then the wrapper itself. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void read(InputStream in, StringBuilder output, String marker, CompletableFuture<Void> seen) {
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (output) {
                    if (output.length() < MAX_OUTPUT) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                    if (marker != null && output.indexOf(marker) >= 0) {
                        seen.complete(null);
                    }
                }
            }
        } catch (IOException e) {
            // QEMU was killed: the output ends here
        }
    }
}
