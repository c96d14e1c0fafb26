package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <features>} element: hypervisor features of the guest, in libvirt's order. A
 * {@code Boolean} is null when the element is absent (QEMU's default), else its
 * {@code state}.
 *
 * @param acpi whether ACPI is on
 * @param apic whether the APIC is on
 * @param apicEoi the paravirtual end-of-interrupt state ({@code <apic eoi>}), or null
 * @param pae whether PAE is on
 * @param hap the hardware assisted paging state (kept; QEMU always uses it when it can), or null
 * @param privnet whether {@code <privnet/>} is given (kept; it concerns containers only)
 * @param hyperv the Hyper-V enlightenments, or null
 * @param kvm the KVM features, or null
 * @param pvspinlock the paravirtual spinlock state, or null
 * @param pmu the performance monitoring unit state, or null
 * @param vmport the VMware I/O port state, or null
 * @param smm the System Management Mode state, or null
 * @param tsegBytes the SMM TSEG size in bytes ({@code <smm><tseg>}), or null for QEMU's default
 * @param ioapic which I/O APIC is used, or null
 * @param vmcoreinfo the vmcoreinfo device state, or null
 * @param msrsUnknown what reading or writing an unknown MSR does, or null
 * @param tcgTbCacheKiB the TCG translation block cache size in KiB ({@code <tcg><tb-cache>}), or null
 * @param asyncTeardown whether QEMU frees the guest's memory in a separate process after it ends
 *     ({@code <async-teardown enabled>}, as later libvirt versions write it), or null
 */
public record Features(boolean acpi, boolean apic, Boolean apicEoi, boolean pae, Boolean hap, boolean privnet,
                       HypervDef hyperv, KvmFeatures kvm, Boolean pvspinlock, Boolean pmu, Boolean vmport, Boolean smm,
                       Long tsegBytes, Ioapic ioapic, Boolean vmcoreinfo, MsrsUnknown msrsUnknown, Long tcgTbCacheKiB,
                       Boolean asyncTeardown) {

    /** No features. */
    public static final Features NONE = new Builder().build();

    /** Checks values that belong to another one. */
    public Features {
        if (apicEoi != null && !apic) {
            throw new ConfException(Kind.CONFLICT, "The attribute 'eoi' belongs to <apic>.");
        }
        if (tsegBytes != null && !Boolean.TRUE.equals(smm)) {
            throw new ConfException(Kind.CONFLICT, "<tseg> belongs inside <smm state='on'>.");
        }
        if (tsegBytes != null && tsegBytes % (1024 * 1024) != 0) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The SMM TSEG size " + tsegBytes + " bytes must be a whole number of MiB.");
        }
        if (tcgTbCacheKiB != null && (tcgTbCacheKiB == 0 || tcgTbCacheKiB % 1024 != 0)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The TCG translation block cache size " + tcgTbCacheKiB + " KiB must be a whole number of MiB.");
        }
    }

    /** Returns whether nothing is set, so no {@code <features>} element is written. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Returns a builder holding these features, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The {@code driver} attribute of {@code <ioapic>}. */
    public enum Ioapic implements XmlEnum {
        /** QEMU's I/O APIC with the local APICs in KVM ({@code kernel_irqchip=split}). */
        QEMU("qemu"),
        /** KVM's in-kernel I/O APIC ({@code kernel_irqchip=on}). */
        KVM("kvm");

        private final String xml;

        Ioapic(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code unknown} attribute of {@code <msrs>}. */
    public enum MsrsUnknown implements XmlEnum {
        /** Ignore accesses to unknown MSRs. */
        IGNORE("ignore"),
        /** Inject a fault, as real hardware does. */
        FAULT("fault");

        private final String xml;

        MsrsUnknown(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** Collects features; {@link #build()} validates them. */
    public static final class Builder {
        private boolean acpi;
        private boolean apic;
        private Boolean apicEoi;
        private boolean pae;
        private Boolean hap;
        private boolean privnet;
        private HypervDef hyperv;
        private KvmFeatures kvm;
        private Boolean pvspinlock;
        private Boolean pmu;
        private Boolean vmport;
        private Boolean smm;
        private Long tsegBytes;
        private Ioapic ioapic;
        private Boolean vmcoreinfo;
        private MsrsUnknown msrsUnknown;
        private Long tcgTbCacheKiB;
        private Boolean asyncTeardown;

        /** Starts with no features. */
        public Builder() {
        }

        private Builder(Features f) {
            acpi = f.acpi;
            apic = f.apic;
            apicEoi = f.apicEoi;
            pae = f.pae;
            hap = f.hap;
            privnet = f.privnet;
            hyperv = f.hyperv;
            kvm = f.kvm;
            pvspinlock = f.pvspinlock;
            pmu = f.pmu;
            vmport = f.vmport;
            smm = f.smm;
            tsegBytes = f.tsegBytes;
            ioapic = f.ioapic;
            vmcoreinfo = f.vmcoreinfo;
            msrsUnknown = f.msrsUnknown;
            tcgTbCacheKiB = f.tcgTbCacheKiB;
            asyncTeardown = f.asyncTeardown;
        }

        /** Sets {@code acpi}; returns this builder. */
        public Builder acpi(boolean value) {
            acpi = value;
            return this;
        }

        /** Sets {@code apic}; returns this builder. */
        public Builder apic(boolean value) {
            apic = value;
            return this;
        }

        /** Sets {@code apicEoi}; returns this builder. */
        public Builder apicEoi(Boolean value) {
            apicEoi = value;
            return this;
        }

        /** Sets {@code pae}; returns this builder. */
        public Builder pae(boolean value) {
            pae = value;
            return this;
        }

        /** Sets {@code hap}; returns this builder. */
        public Builder hap(Boolean value) {
            hap = value;
            return this;
        }

        /** Sets {@code privnet}; returns this builder. */
        public Builder privnet(boolean value) {
            privnet = value;
            return this;
        }

        /** Sets {@code hyperv}; returns this builder. */
        public Builder hyperv(HypervDef value) {
            hyperv = value;
            return this;
        }

        /** Sets {@code kvm}; returns this builder. */
        public Builder kvm(KvmFeatures value) {
            kvm = value;
            return this;
        }

        /** Sets {@code pvspinlock}; returns this builder. */
        public Builder pvspinlock(Boolean value) {
            pvspinlock = value;
            return this;
        }

        /** Sets {@code pmu}; returns this builder. */
        public Builder pmu(Boolean value) {
            pmu = value;
            return this;
        }

        /** Sets {@code vmport}; returns this builder. */
        public Builder vmport(Boolean value) {
            vmport = value;
            return this;
        }

        /** Sets {@code smm}; returns this builder. */
        public Builder smm(Boolean value) {
            smm = value;
            return this;
        }

        /** Sets {@code tsegBytes}; returns this builder. */
        public Builder tsegBytes(Long value) {
            tsegBytes = value;
            return this;
        }

        /** Sets {@code ioapic}; returns this builder. */
        public Builder ioapic(Ioapic value) {
            ioapic = value;
            return this;
        }

        /** Sets {@code vmcoreinfo}; returns this builder. */
        public Builder vmcoreinfo(Boolean value) {
            vmcoreinfo = value;
            return this;
        }

        /** Sets {@code msrsUnknown}; returns this builder. */
        public Builder msrsUnknown(MsrsUnknown value) {
            msrsUnknown = value;
            return this;
        }

        /** Sets {@code tcgTbCacheKiB}; returns this builder. */
        public Builder tcgTbCacheKiB(Long value) {
            tcgTbCacheKiB = value;
            return this;
        }

        /** Sets {@code asyncTeardown}; returns this builder. */
        public Builder asyncTeardown(Boolean value) {
            asyncTeardown = value;
            return this;
        }

        /** Returns the validated features. */
        public Features build() {
            return new Features(acpi, apic, apicEoi, pae, hap, privnet, hyperv, kvm, pvspinlock, pmu, vmport, smm,
                    tsegBytes, ioapic, vmcoreinfo, msrsUnknown, tcgTbCacheKiB, asyncTeardown);
        }
    }
}
