package io.jvirt.it;

import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A jvirtd running in its own JVM, as users run it, so tests can kill -9 and restart it. */
final class DaemonProcess implements AutoCloseable {
    final Path stateDir;
    final Path socket;
    private final String netns;
    private Process process;

    private final java.util.Map<String, String> env = new java.util.HashMap<>();

    DaemonProcess(Path stateDir, Path socket) {
        this(stateDir, socket, null);
    }

    /** A daemon that runs inside the network namespace {@code netns} (null: the host's). */
    DaemonProcess(Path stateDir, Path socket, String netns) {
        this.stateDir = stateDir;
        this.socket = socket;
        this.netns = netns;
    }

    /** Sets an environment variable of the daemon process (such as JVIRT_TEST_CRASH_AT); call before start. */
    DaemonProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    DaemonProcess start() throws Exception {
        launch();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("jvirtd exited at start: " + log());
            }
            try (JvirtClient c = JvirtClient.connect(socket)) {
                c.host();
                return this;
            } catch (JvirtClientException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("jvirtd did not answer within 30 s: " + log());
    }

    /** Starts a daemon that is expected to refuse to run; returns its exit status and output. */
    String startExpectingRefusal() throws Exception {
        launch();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("jvirtd kept running although it should have refused to start");
        }
        return "exit " + process.exitValue() + ": " + log();
    }

    private void launch() throws Exception {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            // ip execs the JVM after entering the namespace: the pid stays the daemon's
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("--enable-native-access=ALL-UNNAMED"); // the storage driver calls fstatat, lseek, ioctl through FFM
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.jvirt.cli.Main");
        cmd.add("daemon");
        cmd.add("--state-dir");
        cmd.add(stateDir.toString());
        cmd.add("--socket");
        cmd.add(socket.toString());
        Files.createDirectories(stateDir);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        process = pb
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("daemon.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    String log() throws IOException {
        Path l = stateDir.resolve("daemon.log");
        return Files.exists(l) ? Files.readString(l) : "";
    }

    long pid() {
        return process.pid();
    }

    /** Kills the daemon with SIGKILL, leaving its VMs running. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    JvirtClient client() {
        return JvirtClient.connect(socket);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
