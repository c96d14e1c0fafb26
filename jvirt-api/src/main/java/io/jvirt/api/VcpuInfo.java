package io.jvirt.api;

/**
 * One vCPU of a running domain, as {@code vcpuinfo} prints it.
 *
 * @param vcpu the vCPU number
 * @param cpu the host CPU it last ran on
 * @param state running, offline or blocked
 * @param cpuTimeNanos the CPU time its thread used, in nanoseconds
 * @param threadId the host thread running it
 * @param affinity the host CPUs it may run on, as a list such as {@code 0-3,6}
 * @param hostCpus the number of host CPUs (the length of virsh's {@code yy--} map)
 */
public record VcpuInfo(int vcpu, int cpu, String state, long cpuTimeNanos, long threadId, String affinity,
                       int hostCpus) {
}
