package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.CpuDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.LifecycleAction;
import io.jvirt.conf.domain.VcpuDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the machine-wide options: machine, CPU, memory, SMP, lifecycle; features, clock and
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
        m.add("dump-guest-core", "off");
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
            if (cpu.mode() == CpuDef.Mode.HOST_PASSTHROUGH && ctx.accel() == Accel.KVM && cpu.migratable() != null) {
                flags.add("migratable=" + (cpu.migratable() ? "on" : "off"));
            }
            for (CpuDef.Feature f : cpu.features()) {
                boolean on = switch (f.policy()) {
                    case FORCE, REQUIRE, OPTIONAL -> true;
                    case DISABLE, FORBID -> false;
                };
                flags.add(f.name() + "=" + (on ? "on" : "off"));
            }
        }
        flags.addAll(FeatureArgs.cpuFlags(def, ctx.accel()));
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

    static void memoryAndSmp(List<String> argv, DomainDef def) {
        argv.add("-m");
        argv.add("size=" + def.memoryKiB() + "k");
        VcpuDef v = def.vcpu();
        CpuDef.Topology t = def.cpu() == null ? null : def.cpu().topology();
        Opts smp = Opts.of(Integer.toString(v.online()));
        if (v.online() != v.max()) {
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
