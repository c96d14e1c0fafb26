package io.jvirt.qemu.argv;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the argv builder needs beyond the definition: where the runtime files of this
 * start go, which accelerator the daemon chose, and the QEMU binary to use when the
 * definition names no {@code <emulator>}.
 *
 * @param runDir the per-start runtime directory (QMP socket, pidfile, console socket and log)
 * @param accel the accelerator
 * @param defaultEmulator the QEMU binary used when the domain has no {@code <emulator>}
 */
public record LaunchContext(Path runDir, Accel accel, String defaultEmulator) {
    /** The name of the primary console's socket in the run directory. */
    public static final String CONSOLE_SOCKET = "console.sock";

    /** Checks that nothing is missing and the run directory is absolute. */
    public LaunchContext {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(defaultEmulator, "defaultEmulator");
        if (!runDir.isAbsolute()) {
            throw new IllegalArgumentException("The run directory " + runDir + " must be an absolute path.");
        }
    }

    /** Returns the QMP socket path. */
    public Path qmpSocket() {
        return runDir.resolve("qmp.sock");
    }

    /** Returns the pidfile path. */
    public Path pidFile() {
        return runDir.resolve("qemu.pid");
    }

    /** Returns the socket the daemon relays the guest console through. */
    public Path consoleSocket() {
        return runDir.resolve(CONSOLE_SOCKET);
    }

    /**
     * Returns the socket of the virtiofsd jvirtd starts for the domain's i-th filesystem.
     *
     * @param index the filesystem's position among the domain's filesystems, from 0
     * @return the socket path
     */
    public Path virtiofsSocket(int index) {
        return runDir.resolve("fs" + index + "-fs.sock");
    }

    /** Returns the control socket of the swtpm jvirtd starts for the domain's TPM. */
    public Path swtpmSocket() {
        return runDir.resolve("swtpm.sock");
    }

    /** Returns the default console log, used when the console has no {@code <log file>}. */
    public Path consoleLog() {
        return runDir.resolve("console.log");
    }
}
