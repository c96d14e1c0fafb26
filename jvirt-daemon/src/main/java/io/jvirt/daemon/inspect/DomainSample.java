package io.jvirt.daemon.inspect;

import io.jvirt.api.DomainState;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.qmp.QemuMonitor;

/**
 * What the statistics of one domain start from, taken without any lock: the state, the
 * definition in effect and, while it runs, its QEMU.
 *
 * @param def the live definition while running, else the persistent one
 * @param pid QEMU's pid, or 0 when inactive
 * @param monitor QEMU's monitor, or null when inactive
 */
public record DomainSample(String name, DomainState state, String reason, DomainDef def, long pid,
                           QemuMonitor monitor) {
    /** Whether a QEMU runs (and can be asked). */
    public boolean active() {
        return monitor != null && pid > 0;
    }
}
