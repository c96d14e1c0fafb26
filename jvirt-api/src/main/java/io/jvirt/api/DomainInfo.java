package io.jvirt.api;

/**
 * What {@code dominfo} and {@code list} show of one domain.
 *
 * @param id         the running instance id, or -1 when the domain is not running
 * @param state      the libvirt state
 * @param reason     the libvirt state reason word (e.g. {@code booted}, {@code destroyed})
 * @param accel      the accelerator in use ({@code kvm} or {@code tcg}) while running, else null
 * @param accelNote  why this accelerator was chosen when it differs from the one asked for, else null
 * @param pid        the QEMU process id while running, else 0
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
        long pid) {
}
