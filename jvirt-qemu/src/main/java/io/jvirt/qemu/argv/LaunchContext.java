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
 * @param memory where huge page and file-backed memory go
 * @param host the descriptors and host devices the daemon opened or found for this start
 */
public record LaunchContext(Path runDir, Accel accel, String defaultEmulator, MemoryPaths memory, HostHandles host) {
    /** The name of the primary console's socket in the run directory. */
    public static final String CONSOLE_SOCKET = "console.sock";

    /** Checks that nothing is missing and the run directory is absolute. */
    public LaunchContext {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(defaultEmulator, "defaultEmulator");
        host = host == null ? HostHandles.NONE : host;
        if (!runDir.isAbsolute()) {
            throw new IllegalArgumentException("The run directory " + runDir + " must be an absolute path.");
        }
        memory = memory == null ? MemoryPaths.noHugepages(runDir) : memory;
    }

    /**
     * A context for a host without hugetlbfs mounts and without host handles: enough for every
     * domain without huge pages, macvtap interfaces or SCSI host devices.
     *
     * @param runDir the per-start runtime directory
     * @param accel the accelerator
     * @param defaultEmulator the QEMU binary used when the domain has no {@code <emulator>}
     */
    public LaunchContext(Path runDir, Accel accel, String defaultEmulator) {
        this(runDir, accel, defaultEmulator, null, HostHandles.NONE);
    }

    /**
     * Returns a copy with the memory paths of this host.
     *
     * @param paths where huge page and file-backed memory go
     * @return the copy
     */
    public LaunchContext withMemory(MemoryPaths paths) {
        return new LaunchContext(runDir, accel, defaultEmulator, paths, host);
    }

    /**
     * Returns a copy with the host handles of this start.
     *
     * @param handles the handles
     * @return the copy
     */
    public LaunchContext withHost(HostHandles handles) {
        return new LaunchContext(runDir, accel, defaultEmulator, memory, handles);
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
