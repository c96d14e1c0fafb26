package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.SysinfoDef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What the argv builder needs beyond the definition: where the runtime files of this
 * start go, which accelerator the daemon chose, and the QEMU binary to use when the
 * definition names no {@code <emulator>}.
 *
 * @param runDir the per-start runtime directory (QMP socket, pidfile, console socket and log)
 * @param accel the accelerator
 * @param defaultEmulator the QEMU binary used when the domain has no {@code <emulator>}
 * @param clock the time and zone of this start, which a clock with {@code offset='variable'} or
 *     {@code 'timezone'} is computed from; null when unknown (such clocks are then refused)
 * @param hostSmbios the host's own SMBIOS strings, which {@code <smbios mode='host'>} copies; null
 *     when unknown (such domains are then refused)
 */
public record LaunchContext(Path runDir, Accel accel, String defaultEmulator, Clock clock,
                            SysinfoDef.Smbios hostSmbios) {
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

    /**
     * A context without a clock or host SMBIOS strings: enough for every domain whose clock is
     * utc, localtime or absolute and whose SMBIOS is not copied from the host.
     *
     * @param runDir the per-start runtime directory
     * @param accel the accelerator
     * @param defaultEmulator the QEMU binary used when the domain has no {@code <emulator>}
     */
    public LaunchContext(Path runDir, Accel accel, String defaultEmulator) {
        this(runDir, accel, defaultEmulator, null, null);
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

    /** Returns the default console log, used when the console has no {@code <log file>}. */
    public Path consoleLog() {
        return runDir.resolve("console.log");
    }
}
