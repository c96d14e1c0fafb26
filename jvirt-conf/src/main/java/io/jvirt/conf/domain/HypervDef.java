package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code <hyperv>} feature: Hyper-V enlightenments that Windows guests use, as QEMU's
 * {@code hv-*} CPU properties.
 *
 * @param mode custom (the listed enlightenments) or passthrough (all the host offers)
 * @param states the listed enlightenments and whether each is on, in libvirt's order
 * @param spinlockRetries the spinlock retry count when {@code spinlocks} is on, else null
 * @param stimerDirect whether synthetic timers use direct mode ({@code <stimer><direct state>}), or null
 * @param vendorId the vendor id the guest sees when {@code vendor_id} is on, else null
 */
public record HypervDef(Mode mode, Map<Feature, Boolean> states, Integer spinlockRetries, Boolean stimerDirect,
                        String vendorId) {

    /** Largest vendor id length QEMU accepts. */
    public static final int VENDOR_ID_MAX = 12;

    private static final Pattern VENDOR = Pattern.compile("[^,\\p{Cntrl}]{1," + VENDOR_ID_MAX + "}");

    /** Validates the values against the states they belong to. */
    public HypervDef {
        Checks.required(mode, "The Hyper-V mode");
        EnumMap<Feature, Boolean> copy = new EnumMap<>(Feature.class);
        copy.putAll(states);
        states = Collections.unmodifiableMap(copy);
        boolean spinlocks = Boolean.TRUE.equals(states.get(Feature.SPINLOCKS));
        if (spinlocks && spinlockRetries == null) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "<spinlocks state='on'> needs the attribute 'retries' (at least 4095).");
        }
        if (spinlockRetries != null && (!spinlocks || spinlockRetries < 0xFFF)) {
            throw new ConfException(Kind.INVALID_VALUE, spinlocks
                    ? "The Hyper-V spinlock retry count " + spinlockRetries + " is too small; it must be at least 4095."
                    : "The attribute 'retries' belongs to <spinlocks state='on'>.");
        }
        if (stimerDirect != null && !Boolean.TRUE.equals(states.get(Feature.STIMER))) {
            throw new ConfException(Kind.CONFLICT, "<direct> belongs inside <stimer state='on'>.");
        }
        boolean vendor = Boolean.TRUE.equals(states.get(Feature.VENDOR_ID));
        if (vendor && vendorId == null) {
            throw new ConfException(Kind.MISSING_VALUE, "<vendor_id state='on'> needs the attribute 'value'.");
        }
        if (vendorId != null) {
            if (!vendor) {
                throw new ConfException(Kind.CONFLICT, "The attribute 'value' belongs to <vendor_id state='on'>.");
            }
            if (!VENDOR.matcher(vendorId).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The Hyper-V vendor id '" + Checks.printable(vendorId)
                        + "' must be 1 to " + VENDOR_ID_MAX + " characters without commas.");
            }
        }
    }

    /** Returns whether the enlightenment is listed and on. */
    public boolean on(Feature f) {
        return Boolean.TRUE.equals(states.get(f));
    }

    /** The {@code mode} attribute. */
    public enum Mode implements XmlEnum {
        /** Only the enlightenments listed. */
        CUSTOM("custom"),
        /** Every enlightenment the host supports ({@code hv-passthrough}). */
        PASSTHROUGH("passthrough");

        private final String xml;

        Mode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** An enlightenment, in libvirt's order; {@link #qemuName()} is its QEMU property without {@code hv-}. */
    public enum Feature implements XmlEnum {
        /** Relaxed timing checks. */
        RELAXED("relaxed", "relaxed"),
        /** Virtual APIC. */
        VAPIC("vapic", "vapic"),
        /** Spinlock retries before notifying the hypervisor. */
        SPINLOCKS("spinlocks", "spinlocks"),
        /** Virtual processor index. */
        VPINDEX("vpindex", "vpindex"),
        /** Processor time spent on the guest. */
        RUNTIME("runtime", "runtime"),
        /** Synthetic interrupt controller. */
        SYNIC("synic", "synic"),
        /** Synthetic timers. */
        STIMER("stimer", "stimer"),
        /** Hypervisor reset. */
        RESET("reset", "reset"),
        /** Hypervisor vendor id. */
        VENDOR_ID("vendor_id", "vendor-id"),
        /** Frequency MSRs. */
        FREQUENCIES("frequencies", "frequencies"),
        /** Re-enlightenment notifications after migration. */
        REENLIGHTENMENT("reenlightenment", "reenlightenment"),
        /** Paravirtual TLB flush. */
        TLBFLUSH("tlbflush", "tlbflush"),
        /** Paravirtual IPIs. */
        IPI("ipi", "ipi"),
        /** Enlightened VMCS (nested). */
        EVMCS("evmcs", "evmcs"),
        /** AVIC/APICv use by the guest. */
        AVIC("avic", "avic");

        private final String xml;
        private final String qemuName;

        Feature(String xml, String qemuName) {
            this.xml = xml;
            this.qemuName = qemuName;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns the QEMU CPU property name without the {@code hv-} prefix. */
        public String qemuName() {
            return qemuName;
        }
    }
}
