package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VcpuCount;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.CpuDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.VcpuDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.agent.GuestAgent;
import io.jvirt.qemu.agent.GuestAgentException;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.qmp.HotpluggableCpu;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;
import io.jvirt.qemu.qmp.VcpuThread;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The number of vCPUs, as libvirt's qemuDomainSetVcpusFlags handles it with QEMU's hot-pluggable
 * CPUs: the domain starts with {@code -smp CURRENT,maxcpus=MAX}, a vCPU added while it runs is a
 * {@code device_add} of the CPU type {@code query-hotpluggable-cpus} names into the next empty
 * slot (id {@code vcpuN}, N its number), and only such vCPUs can go again ({@code device_del},
 * the guest ejects them: DEVICE_DELETED). {@code --maximum} changes the persistent maximum;
 * {@code --guest} asks the guest agent to bring vCPUs on- or offline. Job lock held for changes.
 */
final class VcpuChanges {
    private static final Pattern VCPU_ID = Pattern.compile("vcpu(\\d+)");
    private static final String PLUGGED = "/machine/peripheral/vcpu";

    private final DomainRunner runner;
    private final DefinitionSaves saves;
    private final DeviceChanges devices;

    VcpuChanges(DomainRunner runner, DefinitionSaves saves, DeviceChanges devices) {
        this.runner = runner;
        this.saves = saves;
        this.devices = devices;
    }

    /** Whether a device id names a hot-plugged vCPU. */
    static boolean isVcpu(String id) {
        return VCPU_ID.matcher(id).matches();
    }

    void set(DomainObj obj, HotplugCommand.SetVcpus c) {
        if (c.count() < 1) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "domain '" + obj.name() + "' needs at least 1 vCPU.");
        }
        if (c.guest()) {
            if (c.maximum() || c.affect().config()) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "--guest changes the vCPUs the running guest "
                        + "has online; it goes with neither --config nor --maximum.");
            }
            guest(obj, c.count());
            return;
        }
        Affect.Target t = c.affect().resolve(obj);
        if (c.maximum()) {
            if (t.live()) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the maximum vCPU count of running domain '"
                        + obj.name() + "' cannot change; use --maximum with --config (it applies at the next start).");
            }
            saves.config(obj, withMaximum(obj, obj.persistentDef(), c.count()));
            return;
        }
        DomainDef config = null;
        if (t.config()) {
            DomainDef cfg = obj.persistentDef();
            check(obj, cfg, c.count(), "persistent");
            config = DefinitionSaves.build(obj.name(), () -> cfg.withVcpu(vcpus(cfg.vcpu(), c.count())));
        }
        if (t.live()) {
            check(obj, obj.liveDef(), c.count(), "live");
            live(obj, c.count());
        }
        if (config != null) {
            saves.config(obj, config);
        }
    }

    private static void check(DomainObj obj, DomainDef def, int count, String which) {
        if (count > def.vcpu().max()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "requested vcpus is greater than max allowable vcpus "
                    + "for the " + which + " domain '" + obj.name() + "': " + count + " > " + def.vcpu().max()
                    + "; raise the maximum first (jvirt setvcpus " + obj.name() + " N --maximum --config, then "
                    + "restart it).");
        }
    }

    private static VcpuDef vcpus(VcpuDef v, int count) {
        return new VcpuDef(v.max(), count == v.max() ? null : count, v.placement());
    }

    private static DomainDef withMaximum(DomainObj obj, DomainDef cfg, int max) {
        CpuDef cpu = cfg.cpu();
        if (cpu != null && cpu.topology() != null && cpu.topology().total() != max) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the CPU topology of domain '" + obj.name()
                    + "' describes " + cpu.topology().total() + " vCPUs; change <cpu><topology> to " + max
                    + " vCPUs along with the maximum.");
        }
        int current = Math.min(cfg.vcpu().online(), max);
        return DefinitionSaves.build(obj.name(), () -> cfg.withVcpu(new VcpuDef(max, current == max ? null : current,
                cfg.vcpu().placement())));
    }

    /** Plugs or unplugs vCPUs until the running machine has {@code count}. */
    private void live(DomainObj obj, int count) {
        QemuMonitor m = runner.requireActive(obj).monitor();
        List<VcpuThread> present;
        List<HotpluggableCpu> slots;
        try {
            present = m.queryVcpus();
            slots = m.queryHotpluggableCpus();
        } catch (QmpException e) {
            throw failed(obj, e);
        }
        int current = present.size();
        try {
            if (count > current) {
                plug(obj, m, slots, count - current);
            } else if (count < current) {
                unplug(obj, m, present, current - count);
            }
        } finally {
            recount(obj);
        }
    }

    private void plug(DomainObj obj, QemuMonitor m, List<HotpluggableCpu> slots, int n) {
        CpuDef.Topology topo = topology(obj.liveDef());
        List<HotpluggableCpu> empty = new ArrayList<>(slots.stream().filter(s -> !s.plugged()).toList());
        empty.sort(Comparator.comparingInt(s -> index(s.props(), topo)));
        if (empty.size() < n) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + obj.name() + "' has " + empty.size()
                    + " empty CPU slots, not " + n + ".");
        }
        for (HotpluggableCpu slot : empty.subList(0, n)) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("driver", slot.type());
            props.put("id", "vcpu" + index(slot.props(), topo));
            slot.props().forEach((k, v) -> props.put(k, v));
            try {
                m.deviceAdd(props);
            } catch (QmpException e) {
                throw failed(obj, e);
            }
        }
    }

    private void unplug(DomainObj obj, QemuMonitor m, List<VcpuThread> present, int n) {
        if ("tcg".equals(obj.status().accel())) {
            // QEMU 7.2 under TCG never finishes removing an unplugged vCPU (no DEVICE_DELETED), and the
            // next device_add of a PCI device then crashes QEMU: refuse rather than leave that trap
            throw new DaemonException(ErrorCode.UNSUPPORTED, "running domain '" + obj.name() + "' runs under TCG, "
                    + "where QEMU 7.2 cannot finish removing a vCPU (a later device hotplug would crash it); lower "
                    + "the count with --config for the next start, or take vCPUs offline in the guest (setvcpus "
                    + "--guest, or /sys/devices/system/cpu/cpuN/online).");
        }
        List<VcpuThread> removable = new ArrayList<>(present.stream().filter(v -> v.qomPath().startsWith(PLUGGED))
                .toList());
        removable.sort(Comparator.comparingInt(VcpuThread::cpuIndex).reversed());
        if (removable.size() < n) {
            int fixed = present.size() - removable.size();
            throw new DaemonException(ErrorCode.UNSUPPORTED, "running domain '" + obj.name() + "' started with " + fixed
                    + " vCPUs, which cannot be unplugged; only the vCPUs added while it runs can, so it cannot go "
                    + "below " + fixed + " until it restarts (use --config for the next start).");
        }
        for (VcpuThread v : removable.subList(0, n)) {
            String id = v.qomPath().substring(v.qomPath().lastIndexOf('/') + 1);
            try {
                m.deviceDel(id);
                awaitGone(obj, m, v.qomPath(), id);
            } catch (QmpException e) {
                throw failed(obj, e);
            }
        }
    }

    /**
     * Waits until QEMU no longer lists the vCPU: QEMU reports DEVICE_DELETED for a vCPU only once
     * nothing holds it, which can be much later than its removal, so the CPU list is what counts.
     */
    private void awaitGone(DomainObj obj, QemuMonitor m, String qomPath, String id) {
        long deadline = System.nanoTime() + devices.unplugTimeout().toNanos();
        while (m.queryVcpus().stream().anyMatch(x -> x.qomPath().equals(qomPath))) {
            if (System.nanoTime() > deadline) {
                throw new DaemonException(ErrorCode.TIMEOUT, "domain '" + obj.name() + "': the guest did not give up "
                        + "vCPU " + id + " within " + devices.unplugTimeout().toSeconds() + " s; it stays. The guest "
                        + "may not support CPU hot-unplug or may be paused; jvirtd counts it gone if the guest lets go "
                        + "later.");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaemonException(ErrorCode.INTERNAL, "interrupted while unplugging vCPU " + id + ".");
            }
        }
    }

    /** The live definition's current vCPU count set to what QEMU has (after a change, or a late unplug). */
    void recount(DomainObj obj) {
        if (obj.qemu() == null || obj.liveDef() == null) {
            return;
        }
        int n;
        try {
            n = obj.qemu().monitor().queryVcpus().size();
        } catch (QmpException e) {
            return;
        }
        DomainDef live = obj.liveDef();
        if (n != live.vcpu().online()) {
            saves.live(obj, live.withVcpu(vcpus(live.vcpu(), Math.min(n, live.vcpu().max()))));
        }
    }

    /** The vCPU number of a slot: its place in the topology, as libvirt numbers vCPUs. */
    static int index(Map<String, Long> p, CpuDef.Topology t) {
        long socket = p.getOrDefault("socket-id", 0L);
        long die = p.getOrDefault("die-id", 0L);
        long core = p.getOrDefault("core-id", 0L);
        long thread = p.getOrDefault("thread-id", 0L);
        return (int) (((socket * t.dies() + die) * t.cores() + core) * t.threads() + thread);
    }

    /** The topology QEMU was given: the definition's, else one socket per vCPU (as the argv builds it). */
    private static CpuDef.Topology topology(DomainDef def) {
        CpuDef cpu = def.cpu();
        return cpu != null && cpu.topology() != null ? cpu.topology()
                : new CpuDef.Topology(def.vcpu().max(), 1, 1, 1);
    }

    /** {@code vcpucount}: the counts of both definitions that exist. */
    VcpuCount count(DomainObj obj) {
        DomainDef cfg = obj.persistentDef();
        DomainDef live = obj.status().active() ? obj.liveDef() : null;
        return new VcpuCount(cfg == null ? null : cfg.vcpu().max(), live == null ? null : live.vcpu().max(),
                cfg == null ? null : cfg.vcpu().online(), live == null ? null : live.vcpu().online());
    }

    /** {@code vcpucount --guest}: the vCPUs the guest has online, from its agent. */
    int guestCount(DomainObj obj) {
        try (GuestAgent agent = GuestAgent.connect(agentSocket(obj))) {
            return (int) agent.vcpus().stream().filter(GuestAgent.GuestVcpu::online).count();
        } catch (GuestAgentException e) {
            throw agentFailed(obj, e);
        }
    }

    /**
     * {@code setvcpus --guest}: brings guest vCPUs online from the lowest number or offline from the
     * highest (those the guest lets go), as libvirt's qemuAgentUpdateCPUInfo.
     */
    private void guest(DomainObj obj, int count) {
        runner.requireActive(obj);
        try (GuestAgent agent = GuestAgent.connect(agentSocket(obj))) {
            List<GuestAgent.GuestVcpu> all = new ArrayList<>(agent.vcpus());
            all.sort(Comparator.comparingInt(GuestAgent.GuestVcpu::logicalId));
            if (count > all.size()) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the guest of domain '" + obj.name() + "' has "
                        + all.size() + " vCPUs, so it cannot have " + count + " online.");
            }
            long online = all.stream().filter(GuestAgent.GuestVcpu::online).count();
            List<GuestAgent.GuestVcpu> changes = new ArrayList<>();
            for (GuestAgent.GuestVcpu v : all) {
                if (online < count && !v.online()) {
                    changes.add(new GuestAgent.GuestVcpu(v.logicalId(), true, v.canOffline()));
                    online++;
                }
            }
            for (GuestAgent.GuestVcpu v : all.reversed()) {
                if (online > count && v.online() && v.canOffline()) {
                    changes.add(new GuestAgent.GuestVcpu(v.logicalId(), false, true));
                    online--;
                }
            }
            if (online != count) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the guest of domain '" + obj.name() + "' lets "
                        + "no more of its vCPUs go offline; it keeps " + online + " online.");
            }
            if (!changes.isEmpty() && agent.setVcpus(changes) != changes.size()) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "the guest of domain '" + obj.name()
                        + "' changed only some of its vCPUs.");
            }
        } catch (GuestAgentException e) {
            throw agentFailed(obj, e);
        }
    }

    private Path agentSocket(DomainObj obj) {
        ChannelDef channel = obj.liveDef() == null ? null : obj.liveDef().devices().channels().stream()
                .filter(c -> ChannelDef.GUEST_AGENT.equals(c.name())).findFirst().orElse(null);
        if (channel == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "domain '" + obj.name() + "' has no QEMU guest agent "
                    + "channel (<channel type='unix'><target type='virtio' name='" + ChannelDef.GUEST_AGENT
                    + "'/></channel>), so its guest cannot be asked about its vCPUs.");
        }
        return QemuArgv.channelSocket(channel, runner.runDir(obj)).orElseThrow(() -> new DaemonException(
                ErrorCode.UNSUPPORTED, "the guest agent channel of domain '" + obj.name() + "' is another "
                + "program's socket, so jvirtd cannot talk to the agent."));
    }

    private static DaemonException agentFailed(DomainObj obj, GuestAgentException e) {
        return new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': " + e.getMessage(), e);
    }

    private static DaemonException failed(DomainObj obj, QmpException e) {
        return new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': "
                + DomainRunner.sentence(e.getMessage()), e);
    }
}
