package io.jvirt.qemu.qmp;

import java.util.List;
import java.util.Map;

/**
 * The monitor commands the daemon's lifecycle needs, typed (libvirt's
 * {@code qemuMonitorSystemReset}-style wrappers): callers never build QMP strings or read QMP
 * JSON. {@link QmpMonitor} runs them over a {@link QmpClient}; tests of the daemon's logic
 * pass fakes. Every method may throw {@link QmpException}. Devices (hotplug, media, block
 * limits) are {@link DeviceMonitor}'s, memory and vCPUs {@link GuestResourceMonitor}'s, what
 * looks inside a running guest (statistics, screenshots, keys) {@link InspectMonitor}'s, block
 * jobs (commit, pull, copy) {@link BlockJobMonitor}'s.
 */
public interface QemuMonitor extends DeviceMonitor, GuestResourceMonitor, InspectMonitor, BlockJobMonitor {
    /** Where the virtual machine is, from {@code query-status}. */
    enum RunState {
        /** The CPUs run. */
        RUNNING,
        /** The CPUs are stopped (by {@code stop}, {@code -S} or an error). */
        PAUSED,
        /** The guest powered off and QEMU waits ({@code -no-shutdown}). */
        SHUTDOWN
    }

    /** Resumes the CPUs ({@code cont}). */
    void cont();

    /** Stops the CPUs ({@code stop}). */
    void stop();

    /** Presses the ACPI power button ({@code system_powerdown}). */
    void systemPowerdown();

    /** Resets the machine like its reset button ({@code system_reset}). */
    void systemReset();

    /** Asks QEMU to exit now ({@code quit}); the process ends soon after the answer. */
    void quit();

    /**
     * Drops the RTC interrupts the x86 RTC still owes the guest ({@code rtc-reset-reinjection},
     * x86 only): after the guest's clock was set, the ticks missed before must not be replayed.
     */
    void rtcResetReinjection();

    /** The run state ({@code query-status}). */
    RunState queryStatus();

    /** Plugs or pulls a network card's virtual cable ({@code set_link}). */
    void setLink(String deviceId, boolean up);

    /** The vCPU threads ({@code query-cpus-fast}), in vCPU index order. */
    List<QemuThreads.Vcpu> vcpuThreads();

    /** The I/O threads ({@code query-iothreads}). */
    List<QemuThreads.IoThread> ioThreads();

    /** The CPU slots, plugged or not ({@code query-hotpluggable-cpus}). */
    List<QemuThreads.HotpluggableCpu> hotpluggableCpus();

    /**
     * Where the display servers listen ({@code query-vnc-servers}, {@code query-spice}).
     *
     * @param vnc whether the guest has a VNC server to ask about
     * @param spice whether it has a SPICE server to ask about
     * @return the TCP ports
     */
    DisplayPorts queryDisplayPorts(boolean vnc, boolean spice);

    /**
     * Runs a command that a pure renderer prepared (such as the start-up commands), whose
     * answer the caller does not need.
     */
    void run(String command, Map<String, ?> arguments);

    // ---- background jobs (QEMU 7.2's job API)

    /** QEMU's background jobs ({@code query-jobs}). */
    List<QemuJob> queryJobs();

    /** Removes a concluded job ({@code job-dismiss}). */
    void jobDismiss(String id);

    /** Cancels a job ({@code job-cancel}, always forced); it concludes with an error soon after. */
    void jobCancel(String id);

    /**
     * Cancels a block job ({@code block-job-cancel}). Without {@code force}, a ready mirror or
     * active commit first brings its target in step with its source and then ends without a
     * pivot, so the copy is whole (libvirt's {@code blockjob --abort}); {@code job-cancel}, and
     * {@code force}, drop the writes in flight to the target. A job not ready yet is cancelled at
     * once either way.
     */
    void blockJobCancel(String id, boolean force);

    /** Completes a job that is ready, such as an active commit ({@code job-complete}). */
    void jobComplete(String id);

    /** Finalizes a pending job ({@code job-finalize}): its graph changes take effect. */
    void jobFinalize(String id);

    // ---- internal snapshots (QEMU 7.2's snapshot jobs; the VM stops while they run)

    /**
     * Starts saving the VM state and an internal snapshot of {@code devices} under {@code tag}
     * ({@code snapshot-save}); the job concludes when done.
     *
     * @param jobId the job's id
     * @param tag the snapshot's name in the images
     * @param vmstateNode the node the VM state is written to (one of {@code devices})
     * @param devices the format nodes that get the snapshot
     */
    void snapshotSave(String jobId, String tag, String vmstateNode, List<String> devices);

    /**
     * Starts reverting {@code devices} to the snapshot {@code tag} and loading the VM state from
     * {@code vmstateNode} ({@code snapshot-load}).
     */
    void snapshotLoad(String jobId, String tag, String vmstateNode, List<String> devices);

    /** Wakes a guest that suspended itself to RAM ({@code system_wakeup}). */
    default void systemWakeup() {
        run("system_wakeup", Map.of());
    }

    /**
     * Writes the guest's memory to {@code file} ({@code dump-guest-memory} without paging, in
     * the foreground): {@code format} is QEMU's word ({@code elf}, {@code kdump-zlib},
     * {@code kdump-lzo}, {@code kdump-snappy}, {@code win-dmp}).
     */
    default void dumpGuestMemory(String file, String format) {
        run("dump-guest-memory", Map.of("paging", false, "protocol", "file:" + file, "format", format));
    }

    /**
     * Starts writing the guest's memory to {@code file} in the background ({@code dump-guest-memory}
     * with {@code detach}); {@link #queryDump()} tells how far it is.
     *
     * @param format {@code elf}, {@code kdump-zlib}, ...
     */
    default void dumpGuestMemoryDetached(String file, String format) {
        run("dump-guest-memory", Map.of("paging", false, "protocol", "file:" + file, "format", format, "detach", true));
    }

    /**
     * Lets a QEMU started with {@code -incoming defer} receive its migration stream on {@code uri}
     * ({@code migrate-incoming}); QEMU listens there when this returns.
     *
     * @param uri where to listen, e.g. {@code unix:/run/.../incoming.sock}
     */
    default void migrateIncoming(String uri) {
        run("migrate-incoming", Map.of("uri", uri));
    }

    /**
     * Starts sending the VM state as a migration stream to {@code uri} ({@code migrate});
     * {@link #queryMigrate()} tells when it has ended. A paused guest stays paused; once the
     * stream is complete QEMU also lets go of its disks until the CPUs run again.
     *
     * @param uri where to send it, e.g. {@code unix:/run/.../outgoing.sock}
     */
    default void migrate(String uri) {
        run("migrate", Map.of("uri", uri));
    }

    /** Stops the outgoing migration under way ({@code migrate_cancel}); the guest keeps its state. */
    default void migrateCancel() {
        run("migrate_cancel", Map.of());
    }

    /**
     * Sets how fast a migration may send, in bytes per second ({@code migrate-set-parameters
     * max-bandwidth}; QEMU's default is 32 MiB/s, meant for a network shared with others).
     */
    default void setMigrationBandwidth(long bytesPerSecond) {
        run("migrate-set-parameters", Map.of("max-bandwidth", bytesPerSecond));
    }

    /**
     * The state of the migration QEMU runs or ran last, outgoing or incoming ({@code query-migrate}).
     *
     * @throws QmpException when this monitor cannot tell
     */
    default MigrationStatus queryMigrate() {
        throw new QmpException(QmpException.Kind.COMMAND_FAILED, "this monitor cannot report a migration's state");
    }

    /**
     * How far the background dump is ({@code query-dump}).
     *
     * @throws QmpException when this monitor cannot tell
     */
    default DumpProgress queryDump() {
        throw new QmpException(QmpException.Kind.COMMAND_FAILED, "this monitor cannot report a dump's progress");
    }

    /** Starts deleting the snapshot {@code tag} from {@code devices} ({@code snapshot-delete}). */
    void snapshotDelete(String jobId, String tag, List<String> devices);

    // ---- block graph

    /** Adds a node ({@code blockdev-add}). */
    void blockdevAdd(BlockNode node);

    /** Removes a node nothing uses ({@code blockdev-del}). */
    void blockdevDel(String nodeName);

    /**
     * Puts each overlay on top of its node, all at once ({@code transaction} of
     * {@code blockdev-snapshot}): either every disk switches or none does.
     */
    void blockdevSnapshot(List<SnapshotLink> links);

    /**
     * Starts merging the layers from {@code topNode} down into {@code baseNode}
     * ({@code block-commit}, without auto-finalize and auto-dismiss: the caller finalizes and
     * dismisses). When {@code topNode} is the disk's active layer, the job becomes ready and
     * needs {@link #jobComplete}, which then makes {@code baseNode} the disk's top.
     *
     * @param jobId the job's id
     * @param deviceNode the node at the top of the disk
     * @param topNode the highest layer merged
     * @param baseNode the layer merged into
     */
    void blockCommit(String jobId, String deviceNode, String topNode, String baseNode);

    /** The guest's block devices and the node at the top of each ({@code query-block}). */
    List<BlockDevice> queryBlock();

    /** Every named block node ({@code query-named-block-nodes}, flat). */
    List<BlockNodeInfo> queryNamedBlockNodes();
}
