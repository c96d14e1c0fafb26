package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.ClockDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.Features;
import io.jvirt.conf.domain.HypervDef;
import io.jvirt.conf.domain.KvmFeatures;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code <features>} and the CPU side of the paravirtual timers as libvirt does for
 * QEMU 7.2: CPU properties ({@code hv-*}, {@code kvm-*}, {@code pmu}, {@code kvmclock},
 * {@code hv-time}, {@code tsc-frequency}), machine properties ({@code vmport}, {@code smm},
 * {@code kernel_irqchip}), accelerator properties ({@code dirty-ring-size}, {@code tb-size}),
 * {@code -global}s (TSEG) and devices ({@code vmcoreinfo}).
 */
final class FeatureArgs {

    private FeatureArgs() {
    }

    /** The CPU properties, in libvirt's order, each as {@code name=value}. */
    static List<String> cpuFlags(DomainDef def, Accel accel) {
        List<String> flags = new ArrayList<>();
        for (ClockDef.Timer t : def.clock().timers()) {
            switch (t.name()) {
                case KVMCLOCK -> {
                    if (t.present() != null) {
                        flags.add("kvmclock=" + onOff(t.present()));
                    }
                }
                case HYPERVCLOCK -> {
                    if (Boolean.TRUE.equals(t.present())) {
                        flags.add("hv-time=on");
                    }
                }
                case TSC -> {
                    if (t.frequencyHz() != null) {
                        flags.add("tsc-frequency=" + t.frequencyHz());
                    }
                }
                case PLATFORM, PIT, RTC, HPET, ARMVTIMER -> {
                    // rendered elsewhere, or refused by the definition
                }
            }
        }
        Features f = def.features();
        if (f.apicEoi() != null) {
            flags.add("kvm-pv-eoi=" + onOff(f.apicEoi()));
        }
        if (f.pvspinlock() != null) {
            flags.add("kvm-pv-unhalt=" + onOff(f.pvspinlock()));
        }
        if (f.hyperv() != null) {
            hyperv(flags, f.hyperv(), accel);
        }
        if (f.kvm() != null) {
            KvmFeatures k = f.kvm();
            if (k.on(KvmFeatures.Feature.HIDDEN)) {
                flags.add("kvm=off");
            }
            if (k.on(KvmFeatures.Feature.HINT_DEDICATED)) {
                flags.add("kvm-hint-dedicated=on");
            }
            if (k.on(KvmFeatures.Feature.POLL_CONTROL)) {
                flags.add("kvm-poll-control=on");
            }
            if (Boolean.FALSE.equals(k.states().get(KvmFeatures.Feature.PV_IPI))) {
                flags.add("kvm-pv-ipi=off");
            }
        }
        if (f.pmu() != null) {
            flags.add("pmu=" + onOff(f.pmu()));
        }
        return flags;
    }

    private static void hyperv(List<String> flags, HypervDef h, Accel accel) {
        switch (h.mode()) {
            case PASSTHROUGH -> flags.add("hv-passthrough=on");
            case CUSTOM -> {
                // only the listed enlightenments
            }
        }
        if (accel == Accel.TCG && h.on(HypervDef.Feature.VPINDEX)) {
            throw new ArgvException(Kind.UNSUPPORTED, "QEMU cannot give a guest the Hyper-V enlightenment 'vpindex' "
                    + "under TCG (it needs KVM); remove <vpindex> (and <synic> and <stimer>, which depend on it) from "
                    + "<hyperv>, or run the domain on a host where KVM works.");
        }
        for (HypervDef.Feature feature : HypervDef.Feature.values()) {
            if (!h.on(feature)) {
                continue;
            }
            switch (feature) {
                case SPINLOCKS -> flags.add("hv-spinlocks=0x" + Integer.toHexString(h.spinlockRetries()));
                case VENDOR_ID -> flags.add("hv-vendor-id=" + h.vendorId());
                case STIMER -> {
                    flags.add("hv-stimer=on");
                    if (Boolean.TRUE.equals(h.stimerDirect())) {
                        flags.add("hv-stimer-direct=on");
                    }
                }
                case RELAXED, VAPIC, VPINDEX, RUNTIME, SYNIC, RESET, FREQUENCIES, REENLIGHTENMENT, TLBFLUSH, IPI,
                     EVMCS, AVIC -> flags.add("hv-" + feature.qemuName() + "=on");
            }
        }
    }

    /** Adds the machine properties the features set, in libvirt's order. */
    static void machineProps(Opts m, Features f) {
        m.onOff("vmport", f.vmport());
        m.onOff("smm", f.smm());
        if (f.ioapic() != null) {
            m.add("kernel_irqchip", switch (f.ioapic()) {
                case QEMU -> "split";
                case KVM -> "on";
            });
        }
    }

    /** The accelerator's properties ({@code -accel NAME,...}), empty when there are none. */
    static Opts accelProps(Features f, Accel accel) {
        Opts o = Opts.empty();
        switch (accel) {
            case KVM -> {
                if (f.kvm() != null && f.kvm().dirtyRingSize() != null) {
                    o.add("dirty-ring-size", f.kvm().dirtyRingSize());
                }
            }
            case TCG -> {
                if (f.tcgTbCacheKiB() != null) {
                    o.add("tb-size", f.tcgTbCacheKiB() / 1024);
                }
            }
        }
        return o;
    }

    /** Adds the {@code -global}s and devices the features need. */
    static void extras(List<String> argv, Features f) {
        if (f.tsegBytes() != null) {
            argv.add("-global");
            argv.add("mch.extended-tseg-mbytes=" + (f.tsegBytes() >> 20));
        }
        if (Boolean.TRUE.equals(f.vmcoreinfo())) {
            argv.add("-device");
            argv.add("vmcoreinfo");
        }
        if (Boolean.TRUE.equals(f.asyncTeardown())) {
            argv.add("-async-teardown");
        }
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
