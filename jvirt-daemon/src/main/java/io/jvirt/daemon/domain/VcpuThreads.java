package io.jvirt.daemon.domain;

import io.jvirt.api.CpuPin;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VcpuInfo;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.QmpException;
import io.jvirt.qemu.qmp.VcpuThread;
import io.jvirt.sys.ProcTasks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The host threads of a running domain's vCPUs and emulator: {@code vcpuinfo} (each vCPU's
 * thread, host CPU, CPU time and allowed CPUs, from {@code query-cpus-fast} and {@code /proc}),
 * and where they may run ({@code vcpupin}, {@code emulatorpin}).
 */
final class VcpuThreads {
    private final DomainRunner runner;

    VcpuThreads(DomainRunner runner) {
        this.runner = runner;
    }

    List<VcpuInfo> info(DomainObj obj) {
        QemuProcess q = runner.requireActive(obj);
        List<VcpuInfo> out = new ArrayList<>();
        try {
            int host = ProcTasks.hostCpus();
            for (VcpuThread v : threads(obj, q)) {
                ProcTasks.ThreadStat s = ProcTasks.thread(q.pid(), v.threadId());
                out.add(new VcpuInfo(v.cpuIndex(), s.lastCpu(), "running", s.cpuTimeNanos(), v.threadId(),
                        ProcTasks.allowedCpus(q.pid(), v.threadId()), host));
            }
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot read the vCPU threads of domain '" + obj.name()
                    + "' from /proc: " + e.getMessage() + ".", e);
        }
        return out;
    }

    List<CpuPin> vcpuPins(DomainObj obj, boolean config) {
        List<CpuPin> out = new ArrayList<>();
        int host = hostCpus(obj);
        String all = "0-" + (host - 1);
        if (config || !obj.status().active()) {
            int n = obj.persistentDef() == null ? 0 : obj.persistentDef().vcpu().max();
            for (int i = 0; i < n; i++) {
                out.add(new CpuPin(i, all, host));
            }
            return out;
        }
        for (VcpuInfo v : info(obj)) {
            out.add(new CpuPin(v.vcpu(), v.affinity(), host));
        }
        return out;
    }

    CpuPin emulatorPin(DomainObj obj, boolean config) {
        int host = hostCpus(obj);
        if (config || !obj.status().active()) {
            return new CpuPin(-1, "0-" + (host - 1), host);
        }
        QemuProcess q = runner.requireActive(obj);
        try {
            return new CpuPin(-1, ProcTasks.allowedCpus(q.pid(), q.pid()), host);
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot read the threads of domain '" + obj.name()
                    + "' from /proc: " + e.getMessage() + ".", e);
        }
    }

    void pinVcpu(DomainObj obj, HotplugCommand.PinVcpu p) {
        throw new DaemonException(ErrorCode.UNSUPPORTED, "vcpupin cannot change where the vCPUs of domain '"
                + obj.name() + "' run yet.");
    }

    void pinEmulator(DomainObj obj, HotplugCommand.PinEmulator p) {
        throw new DaemonException(ErrorCode.UNSUPPORTED, "emulatorpin cannot change where the emulator threads of "
                + "domain '" + obj.name() + "' run yet.");
    }

    private static List<VcpuThread> threads(DomainObj obj, QemuProcess q) {
        try {
            return q.monitor().queryVcpus();
        } catch (QmpException e) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': "
                    + DomainRunner.sentence(e.getMessage()), e);
        }
    }

    private static int hostCpus(DomainObj obj) {
        try {
            return ProcTasks.hostCpus();
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot count the host's CPUs: " + e.getMessage() + ".",
                    e);
        }
    }
}
