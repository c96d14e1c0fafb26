package io.jvirt.daemon.domain;

import io.jvirt.api.DomainJobInfo;
import io.jvirt.api.StateReason;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.agent.AgentTimeout;
import io.jvirt.daemon.job.ActiveJob;
import io.jvirt.daemon.job.JobHolder;
import io.jvirt.daemon.tuning.TuningState;
import io.jvirt.qemu.process.QemuProcess;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One domain known to the daemon. Its lifecycle operations are serialized by its own job
 * lock ({@link #job}); its fields are volatile snapshots so that queries never wait for a
 * job or for QEMU.
 */
public final class DomainObj implements JobHolder {
    /** Changes only by {@code domrename} of a shut-off domain, under its job lock and the registry's insert lock. */
    private volatile String name;
    private final UUID uuid;
    /** Serializes lifecycle jobs (start, stop, define...) of this domain; never held across another domain's lock. */
    final ReentrantLock job = new ReentrantLock();
    private volatile DomainDef persistentDef;
    private volatile DomainDef liveDef;
    private volatile DomainStatus status = DomainStatus.shutoff(StateReason.UNKNOWN);
    private volatile boolean autostart;
    private volatile QemuProcess qemu;
    /**
     * libvirt's fake-reboot mark: {@code reboot} pressed the power button, and when the guest
     * powers off its QEMU is reset and continued instead of ended. Recorded in the run record.
     */
    volatile boolean rebootPending;
    /** The helper processes (virtiofsd, swtpm) of the current run; job lock held to change. */
    volatile DomainHelpers.Running helpers = DomainHelpers.Running.NONE;
    /** Whether the TPM state goes when this domain goes away (set by undefine while it runs). */
    volatile boolean dropTpmWhenGone;
    /** The cgroup and directories made for the running QEMU, and the tuning report. */
    volatile TuningState tuning = TuningState.NONE;
    /**
     * Set while the guest is off between the power-off of a marked reboot and the reset: the
     * STOP that QEMU sends then is part of the reboot, not a pause (libvirt's pausedShutdown).
     */
    volatile boolean pausedForReboot;
    /**
     * Set by an I/O error QEMU stops the guest for ({@code BLOCK_IO_ERROR} with action stop,
     * which comes before its STOP): the pause is then libvirt's "paused (I/O error)".
     */
    volatile boolean pausedByIoError;
    /** Completed by the next reset or guest power-off; a guest-agent reboot waits for it. */
    volatile CompletableFuture<Void> guestWentDown;
    /** Completed by the guest's next suspend (SUSPEND or SUSPEND_DISK); dompmsuspend waits for it. */
    volatile CompletableFuture<Void> guestSuspended;
    /** The QEMU that ran a user's monitor command (libvirt's custom-monitor taint lasts as long as that QEMU). */
    volatile QemuProcess monitorTaint;
    /**
     * The guest agent timeout {@code guest-agent-timeout} set (libvirt's agentTimeout), or null
     * for jvirt's default; kept while the daemon runs and in the run record of a running domain.
     */
    volatile AgentTimeout agentTimeout;
    /** True once the definition is durable and the domain may be listed. */
    volatile boolean visible;
    /** Wakes a job thread that waits for one of QEMU's background jobs. */
    final QemuJobs qemuJobs = new QemuJobs();
    private volatile SnapshotTree snapshots = SnapshotTree.EMPTY;
    private volatile ActiveJob activeJob;
    private volatile DomainJobInfo lastJob = DomainJobInfo.NONE;

    DomainObj(String name, UUID uuid) {
        this.name = name;
        this.uuid = uuid;
    }

    public String name() {
        return name;
    }

    public UUID uuid() {
        return uuid;
    }

    /** The persistent definition, or null for a transient domain. */
    public DomainDef persistentDef() {
        return persistentDef;
    }

    /** The definition the running QEMU was started from, or null when inactive. */
    public DomainDef liveDef() {
        return liveDef;
    }

    /** The live definition while active, else the persistent one. */
    public DomainDef currentDef() {
        DomainDef live = liveDef;
        return live != null ? live : persistentDef;
    }

    public DomainStatus status() {
        return status;
    }

    /** What became of the running domain's placement and tuning, one line per setting; empty when it is off. */
    public List<String> tuningReport() {
        return status.active() ? tuning.report() : List.of();
    }

    public boolean autostart() {
        return autostart;
    }

    public boolean persistent() {
        return persistentDef != null;
    }

    QemuProcess qemu() {
        return qemu;
    }

    void setName(String newName) {
        this.name = newName;
    }

    void setPersistentDef(DomainDef def) {
        this.persistentDef = def;
    }

    void setLiveDef(DomainDef def) {
        this.liveDef = def;
    }

    /**
     * Replaces the status only if it is still {@code expected}: QMP events arrive on their
     * own thread, and an event must not overwrite a status a job set meanwhile (a STOP event
     * read "running" just before {@code suspend} recorded "paused (user)").
     *
     * @return whether the status was replaced
     */
    synchronized boolean replaceStatus(DomainStatus expected, DomainStatus update) {
        if (status != expected) {
            return false;
        }
        status = update;
        return true;
    }

    synchronized void setStatus(DomainStatus status) {
        this.status = status;
    }

    void setAutostart(boolean autostart) {
        this.autostart = autostart;
    }

    void setQemu(QemuProcess qemu) {
        this.qemu = qemu;
    }

    /** Its snapshots and the current one. */
    SnapshotTree snapshots() {
        return snapshots;
    }

    void setSnapshots(SnapshotTree tree) {
        this.snapshots = tree;
    }

    /** How many snapshots it has (with metadata). */
    public int snapshotCount() {
        return snapshots.size();
    }

    /** The job running now, or null. */
    public ActiveJob activeJob() {
        return activeJob;
    }

    /** What the last job that ended looked like ({@link DomainJobInfo#NONE} when there was none). */
    public DomainJobInfo lastJob() {
        return lastJob;
    }

    /**
     * The last ended job's summary; unless {@code keep}, it is forgotten (virsh's
     * {@code domjobinfo --completed} without {@code --keep-completed}).
     */
    public synchronized DomainJobInfo takeLastJob(boolean keep) {
        DomainJobInfo last = lastJob;
        if (!keep) {
            lastJob = DomainJobInfo.NONE;
        }
        return last;
    }

    @Override
    public void jobStarted(ActiveJob job) {
        activeJob = job;
    }

    @Override
    public synchronized void jobEnded(ActiveJob job, DomainJobInfo summary) {
        lastJob = summary;
        if (activeJob == job) {
            activeJob = null;
        }
    }
}
