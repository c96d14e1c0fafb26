package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.address.AddressAssigner;
import java.util.ArrayList;
import java.util.List;

/** Whether a definition fits a saved guest's memory: the hardware must stay, as libvirt's ABI check asks. */
final class SavedHardware {

    private SavedHardware() {
    }

    /**
     * {@code given} replacing {@code saved}: the guest's memory only fits the same hardware, so
     * the UUID, memory, CPUs, machine and every disk's and NIC's place must stay; names, file
     * paths of disks and the like may change (as libvirt's ABI check).
     */
    static DomainDef compatible(DomainDef saved, DomainDef given, String where) {
        DomainDef a = AddressAssigner.assign(saved);
        DomainDef b = AddressAssigner.assign(given);
        List<String> diff = new ArrayList<>();
        if (!a.uuid().equals(b.uuid())) {
            diff.add("the UUID " + b.uuid() + " is not " + a.uuid());
        }
        if (a.memoryKiB() != b.memoryKiB()) {
            diff.add("the memory " + b.memoryKiB() + " KiB is not " + a.memoryKiB() + " KiB");
        }
        if (!String.valueOf(a.vcpu()).equals(String.valueOf(b.vcpu()))) {
            diff.add("the vCPUs differ");
        }
        if (!String.valueOf(a.os().machine()).equals(String.valueOf(b.os().machine()))
                || !String.valueOf(a.os().arch()).equals(String.valueOf(b.os().arch()))) {
            diff.add("the machine " + b.os().machine() + " is not " + a.os().machine());
        }
        if (!String.valueOf(a.cpu()).equals(String.valueOf(b.cpu()))) {
            diff.add("the CPU model differs");
        }
        List<String> da = a.devices().disks().stream().map(d -> d.target() + "@" + d.address()).toList();
        List<String> db = b.devices().disks().stream().map(d -> d.target() + "@" + d.address()).toList();
        if (!da.equals(db)) {
            diff.add("the disks are not the same devices in the same places");
        }
        List<String> na = a.devices().interfaces().stream().map(n -> n.mac() + n.model() + "@" + n.address()).toList();
        List<String> nb = b.devices().interfaces().stream().map(n -> n.mac() + n.model() + "@" + n.address()).toList();
        if (!na.equals(nb)) {
            diff.add("the network cards are not the same devices in the same places");
        }
        if (!diff.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, "The definition given for " + where + " does not "
                    + "fit the saved guest: " + String.join("; ", diff) + ". Nothing was changed.");
        }
        return given;
    }
}
