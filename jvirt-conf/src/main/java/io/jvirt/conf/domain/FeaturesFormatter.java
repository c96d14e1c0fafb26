package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlOut;
import java.util.Map;

/** Writes {@code <features>} in libvirt's order ({@code virDomainDefFormatFeatures}). */
final class FeaturesFormatter {

    private FeaturesFormatter() {
    }

    static XmlOut features(Features f) {
        if (f.isEmpty()) {
            return null;
        }
        XmlOut x = XmlOut.element("features");
        if (f.acpi()) {
            x.child(XmlOut.element("acpi"));
        }
        if (f.apic()) {
            x.child(XmlOut.element("apic").onOff("eoi", f.apicEoi()));
        }
        if (f.pae()) {
            x.child(XmlOut.element("pae"));
        }
        x.child(state("hap", f.hap()));
        if (f.privnet()) {
            x.child(XmlOut.element("privnet"));
        }
        if (f.hyperv() != null) {
            x.child(hyperv(f.hyperv()));
        }
        if (f.kvm() != null) {
            XmlOut k = XmlOut.element("kvm");
            for (Map.Entry<KvmFeatures.Feature, Boolean> e : f.kvm().states().entrySet()) {
                XmlOut el = XmlOut.element(e.getKey().xml()).onOff("state", e.getValue());
                if (e.getKey() == KvmFeatures.Feature.DIRTY_RING) {
                    el.attr("size", f.kvm().dirtyRingSize());
                }
                k.child(el);
            }
            x.child(k);
        }
        x.child(state("pvspinlock", f.pvspinlock()));
        x.child(state("pmu", f.pmu()));
        x.child(state("vmport", f.vmport()));
        if (f.smm() != null) {
            XmlOut smm = XmlOut.element("smm").onOff("state", f.smm());
            if (f.tsegBytes() != null) {
                smm.child(tseg(f.tsegBytes()));
            }
            x.child(smm);
        }
        if (f.ioapic() != null) {
            x.child(XmlOut.element("ioapic").attr("driver", f.ioapic()));
        }
        x.child(state("vmcoreinfo", f.vmcoreinfo()));
        if (f.msrsUnknown() != null) {
            x.child(XmlOut.element("msrs").attr("unknown", f.msrsUnknown()));
        }
        if (f.tcgTbCacheKiB() != null) {
            x.child(XmlOut.element("tcg").child(XmlOut.element("tb-cache").attr("unit", "KiB")
                    .text(Long.toString(f.tcgTbCacheKiB()))));
        }
        if (f.asyncTeardown() != null) {
            x.child(XmlOut.element("async-teardown").yesNo("enabled", f.asyncTeardown()));
        }
        return x;
    }

    private static XmlOut state(String name, Boolean state) {
        return state == null ? null : XmlOut.element(name).onOff("state", state);
    }

    /** The TSEG size in the largest binary unit that divides it, as libvirt's virFormatIntPretty does. */
    private static XmlOut tseg(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        long v = bytes;
        int u = 0;
        while (v != 0 && v % 1024 == 0 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return XmlOut.element("tseg").attr("unit", units[u]).text(Long.toString(v));
    }

    private static XmlOut hyperv(HypervDef h) {
        XmlOut x = XmlOut.element("hyperv").attr("mode", h.mode());
        for (Map.Entry<HypervDef.Feature, Boolean> e : h.states().entrySet()) {
            XmlOut el = XmlOut.element(e.getKey().xml()).onOff("state", e.getValue());
            switch (e.getKey()) {
                case SPINLOCKS -> el.attr("retries", h.spinlockRetries());
                case STIMER -> {
                    if (h.stimerDirect() != null) {
                        el.child(XmlOut.element("direct").onOff("state", h.stimerDirect()));
                    }
                }
                case VENDOR_ID -> el.attr("value", h.vendorId());
                case RELAXED, VAPIC, VPINDEX, RUNTIME, SYNIC, RESET, FREQUENCIES, REENLIGHTENMENT, TLBFLUSH, IPI,
                     EVMCS, AVIC -> {
                    // a state only
                }
            }
            x.child(el);
        }
        return x;
    }
}
