package io.jvirt.qemu.qmp;

import java.util.Map;
import java.util.Objects;

/**
 * One vCPU of a running machine as {@code query-cpus-fast} reports it.
 *
 * @param cpuIndex QEMU's CPU index, from 0
 * @param threadId the host thread running it
 * @param qomPath its QOM path ({@code /machine/peripheral/vcpu1} for one plugged with an id)
 * @param props its place ({@code socket-id}, {@code core-id}, {@code thread-id}, ...)
 */
public record VcpuThread(int cpuIndex, long threadId, String qomPath, Map<String, Long> props) {
    /** Copies the properties. */
    public VcpuThread {
        Objects.requireNonNull(qomPath, "qomPath");
        props = Map.copyOf(props);
    }
}
