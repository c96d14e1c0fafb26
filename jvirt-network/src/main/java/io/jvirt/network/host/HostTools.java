package io.jvirt.network.host;

import io.jvirt.network.NetworkException;
import io.jvirt.sys.Command;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Applies rendered plans with the kernel-facing tools, one process per plan: {@code ip
 * -batch}, {@code bridge -batch}, {@code tc -batch} and {@code nft -f}. A plan is a list of
 * command lines produced by a pure renderer; this class only runs it and turns a failure
 * into a {@link NetworkException} that quotes the tool.
 */
public final class HostTools {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private HostTools() {
    }

    /** Runs {@code ip -batch -}; every line must succeed. */
    public static void ip(List<String> lines, String what) {
        batch(List.of("ip", "-batch", "-"), lines, what, false);
    }

    /** Runs {@code ip -force -batch -}: keeps going past failing lines (for tearing down). */
    public static void ipForce(List<String> lines) {
        batch(List.of("ip", "-force", "-batch", "-"), lines, "cleanup", true);
    }

    /** Runs {@code bridge -batch -}; every line must succeed. */
    public static void bridge(List<String> lines, String what) {
        batch(List.of("bridge", "-batch", "-"), lines, what, false);
    }

    /** Runs {@code tc -batch -}; every line must succeed. */
    public static void tc(List<String> lines, String what) {
        batch(List.of("tc", "-batch", "-"), lines, what, false);
    }

    /** Runs {@code tc -force -batch -}: keeps going past failing lines (for tearing down). */
    public static void tcForce(List<String> lines) {
        batch(List.of("tc", "-force", "-batch", "-"), lines, "cleanup", true);
    }

    /** Runs one tool with arguments (such as {@code ethtool -C}); it must succeed. */
    public static void run(List<String> argv, String what) {
        run(argv, null, what, false);
    }

    /** Loads an nftables script with {@code nft -f -}; the script is applied atomically or not at all. */
    public static void nft(String script, String what) {
        run(List.of("nft", "-f", "-"), script, what, false);
    }

    /** Deletes an nftables table if it exists; absence is not an error. */
    public static void nftDeleteTable(String family, String table) {
        Command.Result r = Command.run(List.of("nft", "list", "tables", family));
        if (r.ok() && r.stdout().lines().anyMatch(l -> l.strip().equals("table " + family + " " + table))) {
            run(List.of("nft", "delete", "table", family, table), null, "removing nftables table " + table, false);
        }
    }

    private static void batch(List<String> argv, List<String> lines, String what, boolean ignoreFailure) {
        if (lines.isEmpty()) {
            return;
        }
        run(argv, String.join("\n", lines) + "\n", what, ignoreFailure);
    }

    private static void run(List<String> argv, String stdin, String what, boolean ignoreFailure) {
        Command.Result r;
        try {
            r = Command.run(argv, stdin, TIMEOUT);
        } catch (UncheckedIOException e) {
            throw new NetworkException(NetworkException.Kind.HOST_FAILURE, "Cannot run '" + argv.getFirst()
                    + "' for " + what + ": " + e.getMessage()
                    + "; install it (jvirt uses iproute2, nftables and ethtool).", e);
        }
        if (!r.ok() && !ignoreFailure) {
            throw new NetworkException(NetworkException.Kind.HOST_FAILURE, what + " failed: '"
                    + String.join(" ", argv) + "' said: " + r.firstErrorLine());
        }
    }
}
