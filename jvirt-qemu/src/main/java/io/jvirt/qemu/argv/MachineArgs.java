package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.ClockDef;
import io.jvirt.conf.domain.CpuDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.LifecycleAction;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.conf.domain.VcpuDef;
import io.jvirt.qemu.address.Chipset;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.ArrayList;
import java.util.List;

/** Renders the machine-wide options: machine, CPU, firmware, memory, SMP, clock, lifecycle, boot. */
final class MachineArgs {

    private MachineArgs() {
    }

    static void machine(List<String> argv, DomainDef def, Layout layout, LaunchContext ctx) {
        Opts m = Opts.of(layout.machineType).add("accel", ctx.accel().qemuName()).add("usb", "off");
        if (def.features().vmport() != null) {
            m.onOff("vmport", def.features().vmport());
        }
        m.add("dump-guest-core", "off");
        if (SharedMemory.needed(def)) {
            m.add("memory-backend", SharedMemory.RAM_ID);
        }
        if (!def.features().acpi()) {
            m.add("acpi", "off");
        }
        OsDef.Loader loader = def.os().loader();
        boolean secure = loader != null && Boolean.TRUE.equals(loader.secure());
        if (secure && layout.chipset != Chipset.Q35) {
            throw new ArgvException(Kind.CONFLICT, "Secure Boot needs a q35 machine.");
        }
        if (secure || def.features().smm() != null) {
            m.onOff("smm", secure || def.features().smm());
        }
        argv.add("-machine");
        argv.add(m.toString());
        if (secure) {
            argv.add("-global");
            argv.add("driver=cfi.pflash01,property=secure,value=on");
        }
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
        if (def.clock() != null) {
            for (ClockDef.Timer t : def.clock().timers()) {
                if (t.name() == ClockDef.TimerName.KVMCLOCK && t.present() != null) {
                    flags.add("kvmclock=" + (t.present() ? "on" : "off"));
                }
            }
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

    static void firmware(List<String> argv, DomainDef def) {
        OsDef os = def.os();
        OsDef.Loader loader = os.loader();
        if (loader == null) {
            return;
        }
        OsDef.Loader.Type type = loader.type() == null ? OsDef.Loader.Type.ROM : loader.type();
        switch (type) {
            case ROM -> {
                argv.add("-bios");
                argv.add(loader.path());
            }
            case PFLASH -> {
                argv.add("-drive");
                argv.add(Opts.empty().add("if", "pflash").add("format", "raw").add("unit", 0)
                        .add("file", loader.path()).onOff("readonly", loader.readonly()).toString());
                if (os.nvram() != null) {
                    argv.add("-drive");
                    argv.add(Opts.empty().add("if", "pflash").add("format", "raw").add("unit", 1)
                            .add("file", os.nvram().path()).toString());
                }
            }
        }
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

    static void clock(List<String> argv, DomainDef def, LaunchContext ctx) {
        ClockDef clock = def.clock();
        ClockDef.Offset offset = clock == null ? ClockDef.Offset.UTC : clock.offset();
        Opts rtc = Opts.empty().add("base", switch (offset) {
            case UTC -> "utc";
            case LOCALTIME -> "localtime";
        });
        List<String> extra = new ArrayList<>();
        if (clock != null) {
            for (ClockDef.Timer t : clock.timers()) {
                switch (t.name()) {
                    case RTC -> {
                        if (t.tickPolicy() != null) {
                            rtc.add("driftfix", switch (t.tickPolicy()) {
                                case CATCHUP -> "slew";
                                case DELAY -> "none";
                                case MERGE, DISCARD -> throw unsupportedTick(t);
                            });
                        }
                        if (Boolean.FALSE.equals(t.present())) {
                            throw new ArgvException(Kind.UNSUPPORTED, "The rtc timer cannot be removed.");
                        }
                    }
                    case PIT -> {
                        if (t.tickPolicy() != null && ctx.accel() == Accel.KVM) {
                            String policy = switch (t.tickPolicy()) {
                                case DELAY -> "delay";
                                case DISCARD -> "discard";
                                case CATCHUP, MERGE -> throw unsupportedTick(t);
                            };
                            extra.add("-global");
                            extra.add("kvm-pit.lost_tick_policy=" + policy);
                        }
                        if (Boolean.FALSE.equals(t.present())) {
                            throw new ArgvException(Kind.UNSUPPORTED, "The pit timer cannot be removed.");
                        }
                    }
                    case HPET -> {
                        if (t.tickPolicy() != null) {
                            throw unsupportedTick(t);
                        }
                        if (Boolean.FALSE.equals(t.present())) {
                            extra.add("-no-hpet");
                        }
                    }
                    case KVMCLOCK -> {
                        if (t.tickPolicy() != null) {
                            throw unsupportedTick(t);
                        }
                    }
                }
            }
        }
        argv.add("-rtc");
        argv.add(rtc.toString());
        argv.addAll(extra);
    }

    private static ArgvException unsupportedTick(ClockDef.Timer t) {
        return new ArgvException(Kind.UNSUPPORTED, "The tick policy '" + t.tickPolicy().xml()
                + "' is not supported for the " + t.name().xml() + " timer.");
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

    static void boot(List<String> argv, DomainDef def) {
        OsDef os = def.os();
        // as libvirt for QEMU 7.2: the boot order is each device's bootindex (BootIndexes), and
        // only devices with one boot
        Opts boot = Opts.empty();
        if (os.bootMenu() != null) {
            boot.onOff("menu", os.bootMenu().enable());
            if (os.bootMenu().enable()) {
                boot.add("splash-time", os.bootMenu().timeoutMs());
            }
        }
        boot.add("strict", "on");
        argv.add("-boot");
        argv.add(boot.toString());
        if (os.kernel() != null) {
            argv.add("-kernel");
            argv.add(os.kernel());
        }
        if (os.initrd() != null) {
            argv.add("-initrd");
            argv.add(os.initrd());
        }
        if (os.cmdline() != null) {
            argv.add("-append");
            argv.add(os.cmdline());
        }
    }
}
