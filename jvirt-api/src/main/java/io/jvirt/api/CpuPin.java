package io.jvirt.api;

/**
 * Where a domain's thread may run, as {@code vcpupin} and {@code emulatorpin} print it.
 *
 * @param vcpu the vCPU number, or -1 for the emulator threads
 * @param cpus the host CPUs as a list such as {@code 0-3,6}
 * @param hostCpus the number of host CPUs
 */
public record CpuPin(int vcpu, String cpus, int hostCpus) {
}
