package io.jvirt.qemu.qmp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What QEMU's monitor tells of its threads and CPUs: the thread of each vCPU
 * ({@code query-cpus-fast}), of each I/O thread ({@code query-iothreads}), and the CPUs that
 * can be plugged ({@code query-hotpluggable-cpus}).
 */
public final class QemuThreads {

    private QemuThreads() {
    }

    /**
     * A vCPU thread.
     *
     * @param cpuIndex the vCPU's index (libvirt's vCPU id for x86 machines)
     * @param threadId the host thread id
     */
    public record Vcpu(int cpuIndex, long threadId) {
    }

    /**
     * An I/O thread.
     *
     * @param id the object id, such as {@code iothread1}
     * @param threadId the host thread id
     */
    public record IoThread(String id, long threadId) {
    }

    /**
     * A CPU slot of {@code query-hotpluggable-cpus}.
     *
     * @param type the QOM type to plug, such as {@code qemu64-x86_64-cpu}
     * @param props the topology properties ({@code socket-id}, {@code die-id}, {@code core-id},
     *     {@code thread-id}, {@code node-id}) in QEMU's order
     * @param plugged whether a CPU is in the slot ({@code qom-path} present)
     */
    public record HotpluggableCpu(String type, Map<String, Long> props, boolean plugged) {
        /** Copies the map. */
        public HotpluggableCpu {
            props = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        }
    }

    /** The vCPUs of a list in index order. */
    static List<Vcpu> sorted(List<Vcpu> vcpus) {
        return vcpus.stream().sorted((a, b) -> Integer.compare(a.cpuIndex(), b.cpuIndex())).toList();
    }
}
