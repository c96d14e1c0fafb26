package io.jvirt.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command from an argument array (never through a shell), optionally feeding
 * it text on standard input, and collects its exit status and output. Used for the
 * kernel-facing tools the drivers drive in batches: {@code ip -batch}, {@code nft -f},
 * {@code tc -batch}, {@code mkfs}.
 */
public final class Command {

    /** How long a command may run before it is killed, unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Command() {
    }

    /**
     * What a finished command left behind.
     *
     * @param argv the command that ran
     * @param exitCode its exit status, or -1 when it was killed after the timeout
     * @param stdout its standard output
     * @param stderr its standard error
     */
    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {

        /** True when the command exited with status 0. */
        public boolean ok() {
            return exitCode == 0;
        }

        /** The first non-blank line of standard error, or of standard output, trimmed; "" when both are empty. */
        public String firstErrorLine() {
            for (String text : List.of(stderr, stdout)) {
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        return line.strip();
                    }
                }
            }
            return "";
        }
    }

    /**
     * Runs a command with nothing on standard input.
     *
     * @param argv the program and its arguments
     * @return the result; a non-zero exit is not an exception
     * @throws UncheckedIOException when the program cannot be started at all
     */
    public static Result run(List<String> argv) {
        return run(argv, null, DEFAULT_TIMEOUT);
    }

    /**
     * Runs a command, writing {@code stdin} to it.
     *
     * @param argv the program and its arguments
     * @param stdin text for standard input, or null for none
     * @param timeout how long to wait before killing it
     * @return the result; a non-zero exit is not an exception
     * @throws UncheckedIOException when the program cannot be started at all
     */
    public static Result run(List<String> argv, String stdin, Duration timeout) {
        Objects.requireNonNull(argv, "argv");
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (stdin != null) {
            try (OutputStream os = p.getOutputStream()) {
                os.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the program exited without reading all of it; its status and stderr tell why
            }
        }
        int code;
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = p.exitValue();
            } else {
                p.destroyForcibly();
                p.waitFor();
                code = -1;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            code = -1;
        }
        return new Result(List.copyOf(argv), code, out.join(), err.join());
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        return f;
    }
}
