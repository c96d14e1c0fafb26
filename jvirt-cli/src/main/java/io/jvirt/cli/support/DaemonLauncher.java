package io.jvirt.cli.support;

import io.jvirt.api.ErrorCode;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.store.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a background jvirtd for the default socket when none answers, the way virsh's
 * clients auto-start a session daemon: same Java, same class path, its own session
 * ({@code setsid}), output to {@code STATE/jvirtd.log}.
 */
public final class DaemonLauncher {
    /**
     * JVM options for the daemon (the {@code ./jvirt} launcher uses the same for {@code jvirt
     * daemon}): a small heap that hands memory back after bursts (with the daemon's idle
     * collection), a small code cache, and no AOT cache, whose eagerly loaded classes would
     * stay resident (~6 MiB more for ~0.3 s faster start). The young generation keeps at least
     * 6 MiB: once an idle collection had shrunk the heap, the serial collector's young
     * generation shrank with it (~3 MiB), and the next burst of requests ran ~17 % slower
     * (measured over four alternating runs of 1000 defines, for ~1 MiB more resident memory).
     * Methods are compiled after a tenth of the JVM's usual invocations
     * ({@code CompileThresholdScaling}): an admin's operations (attach-disk, a snapshot) run a few
     * times a day, not thousands, and stayed in the interpreter otherwise; this took ~2 ms off a
     * live attach-disk (~12 ms) and ~20 % off a domain list, for ~2 MiB more compiled code.
     */
    public static final List<String> DAEMON_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-Xms8m", "-Xmx256m", "-XX:NewSize=6m", "-XX:MaxHeapFreeRatio=10",
            "-XX:MinHeapFreeRatio=5", "-XX:-ShrinkHeapInSteps",
            "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-XX:CICompilerCount=1",
            "-XX:CompileThresholdScaling=0.1", "-XX:TrimNativeHeapInterval=2000",
            "--enable-native-access=ALL-UNNAMED", "-Xlog:disable");

    private DaemonLauncher() {
    }

    /** Connects to the daemon, starting one first when {@code autostart} and nothing answers. */
    public static JvirtClient connect(ConnectionOptions opts) {
        Path socket = opts.socket();
        try {
            return JvirtClient.connect(socket);
        } catch (JvirtClientException e) {
            if (!opts.isDefault()) {
                throw e;
            }
        }
        start(socket);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return JvirtClient.connect(socket);
            } catch (JvirtClientException e) {
                if (System.nanoTime() > deadline) {
                    throw new JvirtClientException(ErrorCode.HOST_RESOURCE, "started jvirtd but it did not answer on "
                            + socket + " within 30 s; see " + DaemonConfig.defaultStateDir().resolve("jvirtd.log") + ".");
                }
                sleep();
            }
        }
    }

    private static void start(Path socket) {
        Path state = DaemonConfig.defaultStateDir();
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(DAEMON_JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        String home = System.getProperty("jvirt.home");
        if (home != null) {
            cmd.add("-Djvirt.home=" + home);
        }
        cmd.add("io.jvirt.cli.Main");
        cmd.add("daemon");
        cmd.add("--socket");
        cmd.add(socket.toString());
        try {
            // the log may quote definitions: private from its creation, like the state directory
            PrivateFiles.createFile(PrivateFiles.createDirectories(state).resolve("jvirtd.log"));
            new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("jvirtd.log").toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new JvirtClientException(ErrorCode.HOST_RESOURCE, "cannot start jvirtd: " + e.getMessage() + ".", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JvirtClientException(ErrorCode.INTERNAL, "interrupted while waiting for jvirtd.");
        }
    }
}
