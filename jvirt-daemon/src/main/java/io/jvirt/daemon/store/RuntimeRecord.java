package io.jvirt.daemon.store;

import io.jvirt.daemon.tuning.TuningState;

/**
 * What the daemon must remember about a running domain to find it again after its own
 * restart or crash.
 *
 * @param pid       QEMU's process id
 * @param startTime QEMU's start time from /proc (clock ticks since boot), so a reused pid is never mistaken for it
 * @param id        the domain's instance id
 * @param accel     kvm or tcg
 * @param accelNote why the accelerator differs from the requested one, or null
 * @param rebootPending a reboot was requested and waits for the guest to power off
 * @param tuning the cgroup and memory directories made for QEMU and the tuning report; none in
 *     a record of an older daemon
 * @param agentTimeout the guest agent timeout {@code guest-agent-timeout} set (libvirt's seconds
 *     value), or null for jvirt's default
 */
public record RuntimeRecord(long pid, long startTime, int id, String accel, String accelNote, boolean rebootPending,
                            TuningState tuning, Integer agentTimeout) {

    /** Fills in an empty tuning state. */
    public RuntimeRecord {
        tuning = tuning == null ? TuningState.NONE : tuning;
    }

    /** A record with jvirt's default guest agent timeout. */
    public RuntimeRecord(long pid, long startTime, int id, String accel, String accelNote, boolean rebootPending,
                         TuningState tuning) {
        this(pid, startTime, id, accel, accelNote, rebootPending, tuning, null);
    }

    /** A record without tuning state. */
    public RuntimeRecord(long pid, long startTime, int id, String accel, String accelNote, boolean rebootPending) {
        this(pid, startTime, id, accel, accelNote, rebootPending, null);
    }
}
