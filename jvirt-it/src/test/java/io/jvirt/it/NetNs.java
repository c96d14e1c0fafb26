package io.jvirt.it;

import io.jvirt.sys.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace made by a test, so bridges, taps, nftables tables and dnsmasq never
 * touch the host's own interfaces and no guest traffic leaves it. Closing kills every
 * process left inside and deletes the namespace, which removes all its devices.
 */
public final class NetNs implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    final String name;

    private NetNs(String name) {
        this.name = name;
    }

    /** Creates a fresh namespace with {@code lo} up. */
    public static NetNs create() {
        String name = "jvit" + ProcessHandle.current().pid() + "x" + SEQ.incrementAndGet();
        check(Command.run(List.of("ip", "netns", "add", name)));
        NetNs ns = new NetNs(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** Runs a command inside the namespace and fails on a non-zero exit. */
    public Command.Result exec(String... argv) {
        return check(run(argv));
    }

    /** Runs a command inside the namespace; the caller judges the result. */
    Command.Result run(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(argv));
        return Command.run(cmd);
    }

    /** Runs a command inside the namespace with text on its standard input; fails on a non-zero exit. */
    Command.Result execStdin(String stdin, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(argv));
        return check(Command.run(cmd, stdin, java.time.Duration.ofSeconds(20)));
    }

    /** The pids of the processes inside the namespace. */
    List<Long> pids() {
        Command.Result r = Command.run(List.of("ip", "netns", "pids", name));
        return r.stdout().lines().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.strip())).toList();
    }

    private static Command.Result check(Command.Result r) {
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", r.argv()) + " failed: " + r.firstErrorLine());
        }
        return r;
    }

    /** The namespace's name, for {@code ip netns exec}. */
    public String name() {
        return name;
    }

    @Override
    public void close() throws InterruptedException {
        for (int round = 0; round < 50; round++) {
            List<Long> left = pids();
            if (left.isEmpty()) {
                break;
            }
            for (long pid : left) {
                ProcessHandle.of(pid).ifPresent(round < 20 ? ProcessHandle::destroy : ProcessHandle::destroyForcibly);
            }
            Thread.sleep(100);
        }
        // a process that was just killed may still hold the namespace for a moment: try again
        for (int attempt = 1; ; attempt++) {
            Command.Result r = Command.run(List.of("ip", "netns", "del", name));
            if (r.ok() || attempt == 10) {
                if (!r.ok()) {
                    System.err.println("NetNs: could not delete network namespace " + name + ": " + r.firstErrorLine());
                }
                return;
            }
            Thread.sleep(200);
        }
    }
}
