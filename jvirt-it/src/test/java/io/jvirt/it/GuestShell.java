package io.jvirt.it;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs shell commands in the busybox test guest through its serial console socket: each
 * command is followed by an echo of its exit status and a marker, which the guest's shell
 * expands (the terminal's echo of the typed line does not match the pattern).
 */
final class GuestShell implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final SocketChannel ch;
    private final StringBuilder seen = new StringBuilder();

    /** A command's result: exit status and everything the console showed meanwhile. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    GuestShell(Path consoleSocket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(consoleSocket));
        ch.configureBlocking(false);
    }

    /** Runs one command line and waits for it to finish. */
    Result run(String command, Duration timeout) throws Exception {
        int id = SEQ.incrementAndGet();
        // $((id)) is expanded by the shell, so only the real output matches "END-<id>:<status>"
        String line = command + "; echo \"END-$((" + id + ")):$?\"\n";
        write(line);
        Pattern done = Pattern.compile("END-" + id + ":(\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = seen.length();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (System.nanoTime() < deadline) {
            buf.clear();
            int n = ch.read(buf);
            if (n > 0) {
                seen.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                Matcher m = done.matcher(seen);
                if (m.find(from)) {
                    return new Result(Integer.parseInt(m.group(1)), seen.substring(from, m.start()));
                }
            } else if (n < 0) {
                throw new IOException("the console closed while running: " + command);
            } else {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the guest did not finish '" + command + "' in " + timeout + "; console: "
                + seen.substring(from));
    }

    private void write(String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
