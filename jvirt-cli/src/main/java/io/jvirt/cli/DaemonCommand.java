package io.jvirt.cli;

import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.Jvirtd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jvirt daemon}: runs jvirtd in the foreground until interrupted; running VMs survive its exit. */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the jvirtd daemon in the foreground.")
public final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Definitions and runtime state (default /var/lib/jvirt for root, ~/.local/share/jvirt otherwise).")
    Path stateDir;
    @Option(names = "--socket", paramLabel = "PATH", description = "API socket (default /run/jvirt/jvirtd.sock for root).")
    Path socket;
    @Option(names = "--emulator", paramLabel = "PATH", defaultValue = "qemu-system-x86_64",
            description = "QEMU binary for domains without <emulator> (default: ${DEFAULT-VALUE}).")
    String emulator;
    @Option(names = "--probe-kernel", paramLabel = "FILE",
            description = "A Linux kernel the KVM probe boots to check that KVM really works (default: the test guest's, when built).")
    Path probeKernel;

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s jvirtd: %5$s%6$s%n");
        }
        Path state = stateDir != null ? stateDir : DaemonConfig.defaultStateDir();
        Path sock = socket != null ? socket : DaemonConfig.defaultSocket();
        Path kernel = probeKernel;
        if (kernel == null) {
            Path guest = QuickstartCommand.guestDir().resolve("vmlinuz");
            kernel = java.nio.file.Files.exists(guest) ? guest : null;
        }
        Jvirtd d = Jvirtd.start(new DaemonConfig(state, sock, emulator, kernel));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                d.close();
            } catch (Exception e) {
                System.err.println("jvirtd: " + e.getMessage());
            }
        }));
        d.join();
        return 0;
    }
}
