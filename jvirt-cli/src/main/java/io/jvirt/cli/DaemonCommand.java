package io.jvirt.cli;

import io.jvirt.cli.support.Verb;
import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.Jvirtd;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;

/** {@code jvirt daemon}: runs jvirtd in the foreground until interrupted; running VMs survive its exit. */
public final class DaemonCommand extends Verb {
    private final Value<Path> stateDir = option("--state-dir", "DIR", Path.class,
            "Definitions and runtime state (default /var/lib/jvirt for root, ~/.local/share/jvirt otherwise).");
    private final Value<Path> socket = option("--socket", "PATH", Path.class,
            "API socket (default /run/jvirt/jvirtd.sock for root).");
    private final Value<String> emulator = option("--emulator", "PATH", String.class,
            "QEMU binary for domains without <emulator> (default: ${DEFAULT-VALUE}).",
            b -> b.defaultValue("qemu-system-x86_64"));
    private final Value<Path> probeKernel = option("--probe-kernel", "FILE", Path.class,
            "A Linux kernel the KVM probe boots to check that KVM really works (default: the test guest's, when built).");

    public DaemonCommand() {
        super("daemon", "Run the jvirtd daemon in the foreground.");
        // what mixinStandardHelpOptions added besides -h/--help
        spec().addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s jvirtd: %5$s%6$s%n");
        }
        Path state = stateDir.get() != null ? stateDir.get() : DaemonConfig.defaultStateDir();
        Path sock = socket.get() != null ? socket.get() : DaemonConfig.defaultSocket();
        Path kernel = probeKernel.get();
        if (kernel == null) {
            Path guest = QuickstartCommand.guestDir().resolve("vmlinuz");
            kernel = java.nio.file.Files.exists(guest) ? guest : null;
        }
        Jvirtd d = Jvirtd.start(new DaemonConfig(state, sock, emulator.get(), kernel));
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
