package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.ClockDef;
import io.jvirt.conf.domain.CpuDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.LifecycleAction;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.conf.domain.PanicDef;
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
        MemoryArgs.machineParams(m, def, ctx);
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
        if (def.clock() != null) {
            for (ClockDef.Timer t : def.clock().timers()) {
                if (t.name() == ClockDef.TimerName.KVMCLOCK && t.present() != null) {
                    flags.add("kvmclock=" + (t.present() ? "on" : "off"));
                }
            }
        }
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
        Opts boot = Opts.empty();
        if (os.boot().size() > 3) {
            throw new ArgvException(Kind.UNSUPPORTED, "A PC machine boots from at most 3 devices in <os>, but "
                    + os.boot().size() + " are listed.");
        }
        if (!os.boot().isEmpty()) {
            StringBuilder order = new StringBuilder();
            for (OsDef.BootDevice b : os.boot()) {
                order.append(switch (b) {
                    case FD -> 'a';
                    case HD -> 'c';
                    case CDROM -> 'd';
                    case NETWORK -> 'n';
                });
            }
            boot.add("order", order);
        }
        if (os.bootMenu() != null) {
            boot.onOff("menu", os.bootMenu().enable());
            if (os.bootMenu().enable()) {
                boot.add("splash-time", os.bootMenu().timeoutMs());
            }
        }
        if (def.devices().hasBootOrder() || !os.boot().isEmpty()) {
            boot.add("strict", "on");
        }
        if (!boot.toString().isEmpty()) {
            argv.add("-boot");
            argv.add(boot.toString());
        }
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
