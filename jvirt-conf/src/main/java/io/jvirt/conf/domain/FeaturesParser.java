package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code <features>} into {@link Features}. Features of other architectures or
 * hypervisors (GIC, pSeries capabilities, Xen, container capabilities) are refused with a
 * sentence saying where they belong.
 */
final class FeaturesParser {

    /** Features of pSeries (ppc64) machines. */
    private static final List<String> PSERIES = List.of("hpt", "htm", "nested-hv", "ccf-assist", "cfpc", "sbbc",
            "ibs");

    private FeaturesParser() {
    }

    static Features features(XmlCursor c) {
        Features.Builder b = new Features.Builder();
        b.acpi(c.flag("acpi"));
        XmlCursor apic = c.child("apic");
        if (apic != null) {
            b.apic(true).apicEoi(apic.onOffAttr("eoi"));
            apic.finish();
        }
        b.pae(c.flag("pae"));
        b.hap(state(c.child("hap")));
        XmlCursor viridian = c.child("viridian");
        if (viridian != null) {
            throw viridian.error(Kind.UNSUPPORTED, "<viridian> is a Xen feature; for the Hyper-V enlightenments "
                    + "Windows uses under QEMU, write <hyperv> with the ones you want.");
        }
        b.privnet(c.flag("privnet"));
        XmlCursor hyperv = c.child("hyperv");
        if (hyperv != null) {
            b.hyperv(hyperv(hyperv));
        }
        XmlCursor kvm = c.child("kvm");
        if (kvm != null) {
            b.kvm(kvm(kvm));
        }
        b.pvspinlock(state(c.child("pvspinlock")));
        b.pmu(state(c.child("pmu")));
        b.vmport(state(c.child("vmport")));
        XmlCursor smm = c.child("smm");
        if (smm != null) {
            Boolean on = smm.onOffAttr("state");
            b.smm(on == null ? Boolean.TRUE : on);
            XmlCursor tseg = smm.child("tseg");
            if (tseg != null) {
                String unit = tseg.attr("unit");
                String size = tseg.requireText();
                tseg.finish();
                b.tsegBytes(tseg.build(() -> MemoryUnits.toKiB(size, unit == null ? "MiB" : unit) * 1024));
            }
            smm.finish();
        }
        XmlCursor ioapic = c.child("ioapic");
        if (ioapic != null) {
            b.ioapic(ioapic.requireEnumAttr("driver", Features.Ioapic.class));
            ioapic.finish();
        }
        b.vmcoreinfo(state(c.child("vmcoreinfo")));
        XmlCursor msrs = c.child("msrs");
        if (msrs != null) {
            b.msrsUnknown(msrs.requireEnumAttr("unknown", Features.MsrsUnknown.class));
            msrs.finish();
        }
        XmlCursor tcg = c.child("tcg");
        if (tcg != null) {
            XmlCursor cache = tcg.requireChild("tb-cache");
            String unit = cache.attr("unit");
            String size = cache.requireText();
            cache.finish();
            tcg.finish();
            b.tcgTbCacheKiB(cache.build(() -> MemoryUnits.toKiB(size, unit)));
        }
        XmlCursor teardown = c.child("async-teardown");
        if (teardown != null) {
            Boolean enabled = teardown.yesNoAttr("enabled");
            teardown.finish();
            b.asyncTeardown(enabled == null ? Boolean.TRUE : enabled);
        }
        refuseForeign(c);
        c.finish();
        return c.build(b::build);
    }

    private static void refuseForeign(XmlCursor c) {
        XmlCursor gic = c.child("gic");
        if (gic != null) {
            throw gic.error(Kind.UNSUPPORTED, "<gic> configures the interrupt controller of ARM machines; "
                    + "x86 guests have no GIC, remove it.");
        }
        for (String name : PSERIES) {
            XmlCursor p = c.child(name);
            if (p != null) {
                throw p.error(Kind.UNSUPPORTED, "<" + name + "> is a feature of pSeries (ppc64) machines; "
                        + "x86 guests do not have it, remove it.");
            }
        }
        XmlCursor xen = c.child("xen");
        if (xen != null) {
            throw xen.error(Kind.UNSUPPORTED, "<xen> features apply to Xen guests; remove it for QEMU.");
        }
        XmlCursor caps = c.child("capabilities");
        if (caps != null) {
            throw caps.error(Kind.UNSUPPORTED, "<capabilities> sets the process capabilities of containers; "
                    + "remove it for QEMU.");
        }
    }

    /** An element with an optional state attribute: absent means on, as in libvirt. */
    private static Boolean state(XmlCursor c) {
        if (c == null) {
            return null;
        }
        Boolean state = c.onOffAttr("state");
        c.finish();
        return state == null ? Boolean.TRUE : state;
    }

    private static HypervDef hyperv(XmlCursor c) {
        HypervDef.Mode mode = c.enumAttr("mode", HypervDef.Mode.class);
        Map<HypervDef.Feature, Boolean> states = new EnumMap<>(HypervDef.Feature.class);
        Integer retries = null;
        Boolean direct = null;
        String vendor = null;
        for (HypervDef.Feature f : HypervDef.Feature.values()) {
            XmlCursor e = c.child(f.xml());
            if (e == null) {
                continue;
            }
            e.requireAttr("state");
            boolean on = e.onOffAttr("state");
            states.put(f, on);
            switch (f) {
                case SPINLOCKS -> retries = on ? requireRetries(e) : null;
                case STIMER -> {
                    XmlCursor d = on ? e.child("direct") : null;
                    if (d != null) {
                        d.requireAttr("state");
                        direct = d.onOffAttr("state");
                        d.finish();
                    }
                }
                case VENDOR_ID -> vendor = on ? e.requireAttr("value") : null;
                case RELAXED, VAPIC, VPINDEX, RUNTIME, SYNIC, RESET, FREQUENCIES, REENLIGHTENMENT, TLBFLUSH, IPI,
                     EVMCS, AVIC -> {
                    // a state only
                }
            }
            e.finish();
        }
        c.finish();
        HypervDef.Mode m = mode == null ? HypervDef.Mode.CUSTOM : mode;
        Integer r = retries;
        Boolean d = direct;
        String v = vendor;
        return c.build(() -> new HypervDef(m, states, r, d, v));
    }

    private static Integer requireRetries(XmlCursor e) {
        e.requireAttr("retries");
        return e.intAttr("retries", Integer.MAX_VALUE);
    }

    private static KvmFeatures kvm(XmlCursor c) {
        Map<KvmFeatures.Feature, Boolean> states = new EnumMap<>(KvmFeatures.Feature.class);
        Integer size = null;
        for (KvmFeatures.Feature f : KvmFeatures.Feature.values()) {
            XmlCursor e = c.child(f.xml());
            if (e == null) {
                continue;
            }
            e.requireAttr("state");
            boolean on = e.onOffAttr("state");
            states.put(f, on);
            if (f == KvmFeatures.Feature.DIRTY_RING && on) {
                e.requireAttr("size");
                size = e.intAttr("size", Integer.MAX_VALUE);
            }
            e.finish();
        }
        c.finish();
        Integer s = size;
        return c.build(() -> new KvmFeatures(states, s));
    }
}
