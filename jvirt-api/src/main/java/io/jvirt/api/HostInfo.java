package io.jvirt.api;

/**
 * Facts about the daemon and its host.
 *
 * @param accel      the best accelerator that really works here ({@code kvm} or {@code tcg})
 * @param accelNote  a whole sentence saying why, e.g. that KVM exists but hangs
 */
public record HostInfo(String version, String hostname, String accel, String accelNote, String qemuVersion,
                       long memoryKiB, int cpus, String stateDir, int domains, int running) {
}
