package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.CpuDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.LifecycleAction;
import io.jvirt.conf.domain.PanicDef;
import io.jvirt.conf.domain.VcpuDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the machine-wide options: machine, CPU, SMP, lifecycle; features, clock, memory and
 * firmware through their own renderers.
 */
final class MachineArgs {

    private MachineArgs() {
    }

    static void machine(List<String> argv, DomainDef def, Layout layout, LaunchContext ctx) {
        Opts accel = FeatureArgs.accelProps(def.features(), ctx.accel());
        Opts m = Opts.of(layout.machineType);
        if (accel.toString().isEmpty()) {
            m.add("accel", ctx.accel().qemuName());
        }
        m.add("usb", "off");
        FeatureArgs.machineProps(m, def.features());
        // without dumpCore, libvirt's qemu.conf default (dump_guest_core = 0) leaves guest memory out of QEMU's cores
        m.add("dump-guest-core", Boolean.TRUE.equals(def.dumpCore()) ? "on" : "off");
        MemoryArgs.machineParams(m, def, ctx);
        if (!def.features().acpi()) {
            m.add("acpi", "off");
        }
        if (def.os().bios() != null && Boolean.TRUE.equals(def.os().bios().useSerial())) {
            m.add("graphics", "off");
        }
        ClockArgs.machineProps(m, def);
        argv.add("-machine");
        argv.add(m.toString());
        if (!accel.toString().isEmpty()) {
            argv.add("-accel");
            argv.add(ctx.accel().qemuName() + "," + accel);
        }
        FeatureArgs.extras(argv, def.features());
        if (def.pm() != null) {
            String device = switch (layout.chipset) {
                case I440FX -> "PIIX4_PM";
                case Q35 -> "ICH9-LPC";
            };
            if (def.pm().suspendToMem() != null) {
                argv.add("-global");
                argv.add(device + ".disable_s3=" + (def.pm().suspendToMem() ? 0 : 1));
            }
            if (def.pm().suspendToDisk() != null) {
                argv.add("-global");
                argv.add(device + ".disable_s4=" + (def.pm().suspendToDisk() ? 0 : 1));
            }
        }
    }

    static void cpu(List<String> argv, DomainDef def, LaunchContext ctx) {
        CpuDef cpu = def.cpu();
        List<String> flags = new ArrayList<>();
        String model = null;
        if (cpu != null) {
            model = switch (cpu.mode()) {
                case HOST_PASSTHROUGH, HOST_MODEL -> switch (ctx.accel()) {
                    case KVM -> "host";
                    case TCG -> "max";
                };
                case MAXIMUM -> "max";
                case CUSTOM -> cpu.model() == null ? null : cpu.model().name();
            };
            if (model != null && cpu.model() != null && cpu.model().vendorId() != null) {
                flags.add("vendor=" + Opts.escape(cpu.model().vendorId()));
            }
            if (cpu.mode() == CpuDef.Mode.HOST_PASSTHROUGH && ctx.accel() == Accel.KVM && cpu.migratable() != null) {
                flags.add("migratable=" + (cpu.migratable() ? "on" : "off"));
            }
            for (CpuDef.Feature f : cpu.features()) {
                switch (f.policy()) {
                    case FORCE, REQUIRE -> flags.add(f.name() + "=on");
                    case DISABLE, FORBID -> flags.add(f.name() + "=off");
                    case OPTIONAL -> {
                        // libvirt leaves an optional feature to the model
                    }
                }
            }
        }
        flags.addAll(FeatureArgs.cpuFlags(def, ctx.accel()));
        if (cpu != null) {
            cacheAndAddressBits(flags, cpu);
        }
        if (def.devices().panics().stream().anyMatch(p -> p.model() == PanicDef.Model.HYPERV)) {
            flags.add("hv-crash"); // the Hyper-V crash MSRs are the hyperv panic device
        }
        if (model == null && flags.isEmpty()) {
            return;
        }
        if (model == null) {
            model = "qemu64";
        }
        StringBuilder sb = new StringBuilder(Opts.escape(model));
        flags.forEach(f -> sb.append(',').append(f));
        argv.add("-cpu");
        argv.add(sb.toString());
    }

    /** {@code <cache>} and {@code <maxphysaddr>} as CPU properties, as libvirt writes them. */
    private static void cacheAndAddressBits(List<String> flags, CpuDef cpu) {
        boolean hostCpu = cpu.mode() == CpuDef.Mode.HOST_PASSTHROUGH || cpu.mode() == CpuDef.Mode.MAXIMUM;
        if (cpu.cache() != null) {
            switch (cpu.cache().mode()) {
                case EMULATE -> {
                    flags.add("l3-cache=on");
                    if (hostCpu) {
                        flags.add("host-cache-info=off");
                    }
                }
                case PASSTHROUGH -> {
                    flags.add("host-cache-info=on");
                    flags.add("l3-cache=off");
                }
                case DISABLE -> {
                    if (hostCpu) {
                        flags.add("host-cache-info=off");
                    }
                    flags.add("l3-cache=off");
                }
            }
        }
        if (cpu.maxPhysAddr() != null) {
            switch (cpu.maxPhysAddr().mode()) {
                case PASSTHROUGH -> flags.add("host-phys-bits=on");
                case EMULATE -> flags.add("phys-bits=" + cpu.maxPhysAddr().bits());
            }
        }
    }

    /**
     * {@code -smp}: the vCPUs QEMU starts with (enabled and not hotpluggable; the daemon plugs
     * enabled hotpluggable ones before the guest runs), the maximum, and the topology.
     */
    static void smp(List<String> argv, DomainDef def) {
        VcpuDef v = def.vcpu();
        CpuDef.Topology t = def.cpu() == null ? null : def.cpu().topology();
        Opts smp = Opts.of(Integer.toString(v.bootCpus()));
        if (v.bootCpus() != v.max()) {
            smp.add("maxcpus", v.max());
        }
        if (t != null) {
            smp.add("sockets", t.sockets()).add("dies", t.dies()).add("cores", t.cores()).add("threads", t.threads());
        } else {
            smp.add("sockets", v.max()).add("cores", 1).add("threads", 1);
        }
        argv.add("-smp");
        argv.add(smp.toString());
    }

    /**
     * {@code on_reboot=destroy} turns a guest reset into a shutdown ({@code -no-reboot}). Every
     * domain gets {@code -no-shutdown}, as libvirt gives it: when the guest powers off, QEMU
     * stops the CPUs and waits instead of exiting, and the daemon decides what comes next
     * (a reboot asked for with {@code reboot} resets and continues the same process; otherwise
     * it ends QEMU itself and applies {@code on_poweroff}).
     */
    static void lifecycle(List<String> argv, DomainDef def) {
        if (def.effectiveOnReboot() == LifecycleAction.DESTROY) {
            argv.add("-no-reboot");
        }
        argv.add("-no-shutdown");
    }
}
