package io.jvirt.daemon.agent;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.agent.GuestFacts.DiskAddress;
import io.jvirt.qemu.agent.GuestFacts.PciAddress;

import java.util.Optional;

/**
 * Which of the domain's disks a disk the guest agent reports is, as libvirt's
 * virDomainDiskByAddress finds it: a virtio disk by its PCI function (the agent's
 * {@code pci-controller} of a virtio disk is the disk's own function), any disk by its serial.
 */
final class DiskTargets {
    private DiskTargets() {
    }

    /** The target name (vda, sdb) of the disk at {@code address}, if the definition has one there. */
    static Optional<String> target(DomainDef def, DiskAddress address) {
        if (def == null || address == null) {
            return Optional.empty();
        }
        PciAddress p = address.pci();
        for (DiskDef d : def.devices().disks()) {
            if (p != null && d.address() instanceof Address.Pci pci && pci.domain() == p.domain()
                    && pci.bus() == p.bus() && pci.slot() == p.slot() && pci.function() == p.function()
                    && "virtio".equals(address.busType())) {
                return Optional.of(d.target().dev());
            }
        }
        if (address.serial() != null && !address.serial().isEmpty()) {
            for (DiskDef d : def.devices().disks()) {
                if (address.serial().equals(d.serial())) {
                    return Optional.of(d.target().dev());
                }
            }
        }
        return Optional.empty();
    }
}
