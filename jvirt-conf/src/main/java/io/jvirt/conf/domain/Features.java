package io.jvirt.conf.domain;

/**
 * The {@code <features>} element: hypervisor features turned on for the guest.
 *
 * @param acpi whether ACPI is on
 * @param apic whether the APIC is on
 * @param pae whether PAE is on
 * @param vmport the VMware I/O port state ({@code <vmport state>}), or null when unspecified
 * @param smm the System Management Mode state ({@code <smm state>}), or null when unspecified
 */
public record Features(boolean acpi, boolean apic, boolean pae, Boolean vmport, Boolean smm) {

    /** No features. */
    public static final Features NONE = new Features(false, false, false, null, null);

    /** Returns whether nothing is set, so no {@code <features>} element is written. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
