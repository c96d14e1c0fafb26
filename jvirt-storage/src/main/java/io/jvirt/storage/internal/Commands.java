package io.jvirt.storage.internal;

import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program from an argument array (never through a shell), with standard
 * input closed, its output captured and a time limit.
 */
public final class Commands {

    private Commands() {
    }

    /**
     * What a finished program said.
     *
     * @param exitCode its exit status
     * @param stdout its standard output
     * @param stderr its standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {

        /** Returns the last non-blank line of stderr (else stdout), for messages; empty when both are blank. */
        public String lastWords() {
            String text = stderr.isBlank() ? stdout : stderr;
            List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.getLast().strip();
        }
    }

    /**
     * Runs a program and waits for it.
     *
     * @param argv the program and its arguments
     * @param timeoutSeconds how long it may run before it is killed
     * @param pool the pool this is for, for error messages
     * @return what it said, whatever its exit status
     * @throws StorageException COMMAND_FAILED when it cannot be started or runs too long
     */
    public static Result run(List<String> argv, long timeoutSeconds, String pool) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new StorageException(Kind.COMMAND_FAILED, pool, null, "The command '" + String.join(" ", argv)
                    + "' cannot be started: " + e.getMessage() + "; check that " + argv.getFirst() + " is installed.", e);
        }
        try {
            ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
            Thread err = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), errBytes));
            ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
            drain(p.getInputStream(), outBytes);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new StorageException(Kind.COMMAND_FAILED, pool, null, "The command '" + String.join(" ", argv)
                        + "' did not finish within " + timeoutSeconds + " seconds and was killed.");
            }
            err.join();
            return new Result(p.exitValue(), outBytes.toString(StandardCharsets.UTF_8),
                    errBytes.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StorageException(Kind.COMMAND_FAILED, pool, null,
                    "The command '" + String.join(" ", argv) + "' was interrupted.", e);
        }
    }

    /**
     * Runs a program that must succeed.
     *
     * @param argv the program and its arguments
     * @param timeoutSeconds time limit
     * @param pool the pool this is for
     * @return what it said
     * @throws StorageException COMMAND_FAILED with the program's last words on a non-zero exit
     */
    public static Result check(List<String> argv, long timeoutSeconds, String pool) {
        Result r = run(argv, timeoutSeconds, pool);
        if (r.exitCode() != 0) {
            String words = r.lastWords();
            throw new StorageException(Kind.COMMAND_FAILED, pool, null, "The command '" + String.join(" ", argv)
                    + "' failed with exit status " + r.exitCode() + (words.isEmpty() ? "." : ": " + words
                    + (words.endsWith(".") ? "" : ".")));
        }
        return r;
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() < (1 << 20)) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
