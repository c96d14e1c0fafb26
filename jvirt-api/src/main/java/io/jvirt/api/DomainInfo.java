package io.jvirt.api;

import java.util.List;

/**
 * What {@code dominfo} and {@code list} show of one domain.
 *
 * @param id         the running instance id, or -1 when the domain is not running
 * @param state      the libvirt state
 * @param reason     the libvirt state reason word (e.g. {@code booted}, {@code destroyed})
 * @param accel      the accelerator in use ({@code kvm} or {@code tcg}) while running, else null
 * @param accelNote  why this accelerator was chosen when it differs from the one asked for, else null
 * @param pid        the QEMU process id while running, else 0
 * @param tuning     while running, what became of the placement and tuning: one line per setting,
 *                   applied or not applied with why ({@code cputune vcpupin: applied (vCPU 0 on CPUs 0)})
 * @param messages   what {@code dominfo} lists under "Messages:" as virsh does: the running domain's taints
 *                   ({@code tainted: custom configuration parameters specified}) and settings jvirt keeps but
 *                   does not apply
 */
public record DomainInfo(
        String name,
        String uuid,
        int id,
        String title,
        DomainState state,
        String reason,
        String osType,
        int vcpus,
        long maxMemoryKiB,
        long memoryKiB,
        boolean persistent,
        boolean autostart,
        String accel,
        String accelNote,
        long pid,
        List<String> tuning,
        List<String> messages) {

    /** Copies the tuning lines and messages; null is none. */
    public DomainInfo {
        tuning = tuning == null ? List.of() : List.copyOf(tuning);
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** A domain without tuning lines or messages. */
    public DomainInfo(String name, String uuid, int id, String title, DomainState state, String reason, String osType,
                      int vcpus, long maxMemoryKiB, long memoryKiB, boolean persistent, boolean autostart, String accel,
                      String accelNote, long pid) {
        this(name, uuid, id, title, state, reason, osType, vcpus, maxMemoryKiB, memoryKiB, persistent, autostart, accel,
                accelNote, pid, List.of(), List.of());
    }
}
