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
 * @param memory where huge page and file-backed memory go
 * @param host the descriptors and host devices the daemon opened or found for this start
 * @param clock the time and zone of this start, which a clock with {@code offset='variable'} or
 *     {@code 'timezone'} is computed from; null when unknown (such clocks are then refused)
 * @param hostSmbios the host's own SMBIOS strings, which {@code <smbios mode='host'>} copies; null
 *     when unknown (such domains are then refused)
 * @param incoming whether QEMU starts to receive a migration stream ({@code -incoming defer}; the
 *     daemon then gives it the stream with migrate-incoming), as a restore does
 */
public record LaunchContext(Path runDir, Accel accel, String defaultEmulator, MemoryPaths memory, HostHandles host,
                            Clock clock, SysinfoDef.Smbios hostSmbios, boolean incoming) {
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
     * A context for a host without hugetlbfs mounts, host handles, clock or host SMBIOS strings:
     * enough for every domain without huge pages, macvtap interfaces or SCSI host devices whose
     * clock is utc, localtime or absolute and whose SMBIOS is not copied from the host.
     *
     * @param runDir the per-start runtime directory
     * @param accel the accelerator
     * @param defaultEmulator the QEMU binary used when the domain has no {@code <emulator>}
     */
    public LaunchContext(Path runDir, Accel accel, String defaultEmulator) {
        this(runDir, accel, defaultEmulator, null, HostHandles.NONE, null, null, false);
    }

    /**
     * Returns a copy with the memory paths of this host.
     *
     * @param paths where huge page and file-backed memory go
     * @return the copy
     */
    public LaunchContext withMemory(MemoryPaths paths) {
        return new LaunchContext(runDir, accel, defaultEmulator, paths, host, clock, hostSmbios, incoming);
    }

    /**
     * Returns a copy with the host handles of this start.
     *
     * @param handles the handles
     * @return the copy
     */
    public LaunchContext withHost(HostHandles handles) {
        return new LaunchContext(runDir, accel, defaultEmulator, memory, handles, clock, hostSmbios, incoming);
    }

    /**
     * Returns a copy with the clock and host SMBIOS strings of this start.
     *
     * @param now the time and zone of this start
     * @param smbios the host's SMBIOS strings, or null when unknown
     * @return the copy
     */
    public LaunchContext withClock(Clock now, SysinfoDef.Smbios smbios) {
        return new LaunchContext(runDir, accel, defaultEmulator, memory, host, now, smbios, incoming);
    }

    /**
     * Returns a copy in which QEMU waits for a migration stream instead of booting.
     *
     * @param receive whether QEMU starts with {@code -incoming defer}
     * @return the copy
     */
    public LaunchContext withIncoming(boolean receive) {
        return new LaunchContext(runDir, accel, defaultEmulator, memory, host, clock, hostSmbios, receive);
    }

    /** Returns the socket a restore streams the saved VM state through. */
    public Path incomingSocket() {
        return runDir.resolve("incoming.sock");
    }

    /** Returns the socket a save receives the guest's VM state through. */
    public Path outgoingSocket() {
        return runDir.resolve("outgoing.sock");
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
