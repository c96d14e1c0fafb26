package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;

/**
 * The state of a domain at one moment, replaced as a whole so that readers never see a
 * half-updated status and never wait for a lifecycle job.
 *
 * @param id        the instance id while active, else -1
 * @param pid       the QEMU pid while active, else 0
 * @param accel     the accelerator in use while active, else null
 * @param accelNote why the accelerator differs from the requested one, else null
 */
public record DomainStatus(DomainState state, StateReason reason, int id, long pid, String accel, String accelNote) {
    public static DomainStatus shutoff(StateReason reason) {
        return new DomainStatus(DomainState.SHUTOFF, reason, -1, 0, null, null);
    }

    public boolean active() {
        return id >= 0;
    }

    public DomainStatus with(DomainState s, StateReason r) {
        return new DomainStatus(s, r, id, pid, accel, accelNote);
    }
}
