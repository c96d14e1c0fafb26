package io.jvirt.cli.support;

import java.io.File;
import java.io.IOException;

/**
 * Raw mode for the controlling terminal (no echo, no line editing, Ctrl+C passed through),
 * restored on close. Does nothing when there is no terminal, so scripts can pipe a console.
 */
public final class Terminal implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");
    private final String saved;

    private Terminal(String saved) {
        this.saved = saved;
    }

    /** Puts the terminal in raw mode when standard input is one. */
    public static Terminal raw() {
        if (System.console() == null || !TTY.exists()) {
            return new Terminal(null);
        }
        try {
            String state = stty("-g").strip();
            stty("raw", "-echo");
            return new Terminal(state);
        } catch (IOException e) {
            return new Terminal(null);
        }
    }

    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(TTY).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("stty failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (saved != null) {
            try {
                stty(saved);
            } catch (IOException e) {
                System.err.println("warning: could not restore the terminal; run 'reset'.");
            }
        }
    }
}
