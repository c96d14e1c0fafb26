package io.jvirt.it;

import io.jvirt.client.ConsoleConnection;
import io.jvirt.client.JvirtClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs shell commands in the busybox test guest through a console session of the daemon
 * (the API's console, as {@code jvirt console} uses it): each command is followed by an echo
 * of its exit status and a marker, which the guest's shell expands (the terminal's echo of
 * the typed line does not match the pattern). A reader thread collects the output.
 */
final class GuestShell implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final ConsoleConnection console;
    private final StringBuilder seen = new StringBuilder();
    private volatile boolean closed;

    /** A command's result: exit status and everything the console showed meanwhile. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    GuestShell(JvirtClient client, String domain) {
        console = client.openConsole(domain, false);
        Thread.ofVirtual().name("guest-shell-" + domain).start(this::collect);
    }

    private void collect() {
        byte[] buf = new byte[4096];
        try {
            for (int n = console.read(buf, 0, buf.length); n >= 0; n = console.read(buf, 0, buf.length)) {
                synchronized (seen) {
                    seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // closed
        }
        closed = true;
    }

    /** Types {@code line} and Enter, without waiting for anything (for commands that do not come back, like reboot). */
    void send(String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        console.send(b, 0, b.length);
    }

    /** Runs one command line and waits for it to finish. */
    Result run(String command, Duration timeout) throws Exception {
        int id = SEQ.incrementAndGet();
        int from;
        synchronized (seen) {
            from = seen.length();
        }
        // $((id)) is expanded by the shell, so only the real output matches "END-<id>:<status>"
        byte[] line = (command + "; echo \"END-$((" + id + ")):$?\"\n").getBytes(StandardCharsets.UTF_8);
        console.send(line, 0, line.length);
        Pattern done = Pattern.compile("END-" + id + ":(\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (seen) {
                Matcher m = done.matcher(seen);
                if (m.find(from)) {
                    return new Result(Integer.parseInt(m.group(1)), seen.substring(from, m.start()));
                }
            }
            if (closed) {
                throw new IOException("the console closed while running: " + command + "; " + console.end());
            }
            Thread.sleep(20);
        }
        synchronized (seen) {
            throw new AssertionError("the guest did not finish '" + command + "' in " + timeout + "; console: "
                    + seen.substring(from));
        }
    }

    @Override
    public void close() {
        console.close();
    }
}
