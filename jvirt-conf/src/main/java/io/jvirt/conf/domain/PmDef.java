package io.jvirt.conf.domain;

/**
 * The {@code <pm>} element: which ACPI sleep states the guest may enter.
 *
 * @param suspendToMem whether S3 (suspend to RAM) is offered, or null for the hypervisor default
 * @param suspendToDisk whether S4 (suspend to disk) is offered, or null for the hypervisor default
 */
public record PmDef(Boolean suspendToMem, Boolean suspendToDisk) {
}
