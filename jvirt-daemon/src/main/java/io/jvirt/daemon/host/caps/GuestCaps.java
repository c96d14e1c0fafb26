package io.jvirt.daemon.host.caps;

import io.jvirt.qemu.caps.QemuCaps;

import java.util.List;

/**
 * One {@code <guest>} of the capabilities: an architecture jvirt runs, its emulator and machine
 * types, and the domain types it can start there.
 *
 * @param arch libvirt's architecture name
 * @param wordSize 32 or 64
 * @param emulator the QEMU binary
 * @param machines QEMU's machine types, the default first
 * @param domainTypes {@code qemu}, and {@code kvm} when the accelerator probe proved KVM works
 * @param note why {@code kvm} is missing (the probe's sentence), or null
 */
public record GuestCaps(String arch, int wordSize, String emulator, List<QemuCaps.Machine> machines,
                        List<String> domainTypes, String note) {

    /** Copies the lists. */
    public GuestCaps {
        machines = List.copyOf(machines);
        domainTypes = List.copyOf(domainTypes);
    }
}
