package io.jvirt.daemon.tuning;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.VcpuDef;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QemuThreads;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plugs the vCPUs that {@code <vcpus>} marks enabled and hotpluggable, before the guest runs,
 * as libvirt does: QEMU starts with the others ({@code -smp}), and each of these is a
 * {@code device_add} of the CPU slot {@code query-hotpluggable-cpus} lists for its id, in the
 * {@code order} given. On x86 the slots, sorted by socket, die, core and thread, are the vCPU
 * ids 0, 1, ... (QEMU numbers its possible CPUs that way).
 */
final class VcpuPlug {

    private static final List<String> TOPOLOGY = List.of("socket-id", "die-id", "cluster-id", "core-id", "thread-id");

    private VcpuPlug() {
    }

    /** The vCPUs to plug, in the order they come online. */
    static List<VcpuDef.Vcpu> toPlug(DomainDef def) {
        return def.vcpu().each().stream().filter(v -> v.enabled() && v.hotpluggable())
                .sorted(Comparator.comparingInt((VcpuDef.Vcpu v) -> v.order() == null ? Integer.MAX_VALUE : v.order())
                        .thenComparingInt(VcpuDef.Vcpu::id)).toList();
    }

    /**
     * Plugs them.
     *
     * @param def the definition
     * @param monitor QEMU's monitor, before {@code cont}
     * @return how many were plugged
     */
    static int plug(DomainDef def, QemuMonitor monitor) {
        List<VcpuDef.Vcpu> wanted = toPlug(def);
        if (wanted.isEmpty()) {
            return 0;
        }
        List<QemuThreads.HotpluggableCpu> slots = monitor.hotpluggableCpus().stream().sorted(VcpuPlug::byTopology)
                .toList();
        int plugged = 0;
        for (VcpuDef.Vcpu v : wanted) {
            if (v.id() >= slots.size()) {
                throw new IllegalStateException("QEMU lists " + slots.size() + " CPU slots, so vCPU " + v.id()
                        + " has none");
            }
            QemuThreads.HotpluggableCpu slot = slots.get(v.id());
            if (slot.plugged()) {
                continue;
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("driver", slot.type());
            props.put("id", "vcpu" + v.id());
            props.putAll(slot.props());
            monitor.deviceAdd(props);
            plugged++;
        }
        return plugged;
    }

    private static int byTopology(QemuThreads.HotpluggableCpu a, QemuThreads.HotpluggableCpu b) {
        for (String key : TOPOLOGY) {
            int c = Long.compare(a.props().getOrDefault(key, 0L), b.props().getOrDefault(key, 0L));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
