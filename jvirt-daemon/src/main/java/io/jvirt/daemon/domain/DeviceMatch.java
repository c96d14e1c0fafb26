package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.address.DeviceBuses;

import java.util.List;

/**
 * Finds the device of a definition that a detach or update request describes, by libvirt's
 * rules (virDomainDeviceDefFind): a disk by its target, a network card by its MAC address (and
 * its PCI address or alias when the request gives them, or those alone when it gives no MAC);
 * any other device by being equal to it, its address aside when the request has none.
 */
final class DeviceMatch {

    private DeviceMatch() {
    }

    /**
     * The device of {@code def} that {@code wanted} names.
     *
     * @param def the definition searched
     * @param wanted the device as the request describes it
     * @param macGiven whether the request named a MAC address (one it left out was generated when it was parsed)
     * @param where "the running domain" or "the persistent definition", for the message
     * @throws DaemonException NOT_FOUND when there is none, INVALID_ARGUMENT when several match
     */
    static DeviceDef find(DomainDef def, DeviceDef wanted, boolean macGiven, String where) {
        if (wanted instanceof DiskDef d) {
            return def.devices().disks().stream().filter(x -> x.target().dev().equals(d.target().dev()))
                    .findFirst().orElseThrow(() -> new DaemonException(ErrorCode.NOT_FOUND, "disk "
                            + d.target().dev() + " not found in " + where + "; see 'jvirt domblklist'."));
        }
        if (wanted instanceof InterfaceDef n) {
            return nic(def.devices().interfaces(), n, macGiven, where);
        }
        return def.devices().all().stream().filter(x -> sameDevice(x, wanted)).findFirst()
                .orElseThrow(() -> new DaemonException(ErrorCode.NOT_FOUND, "no <" + wanted.kind().element()
                        + "> device like the one given was found in " + where + "."));
    }

    private static boolean sameDevice(DeviceDef have, DeviceDef wanted) {
        return wanted.address() == null ? withoutAddress(have).equals(wanted) : have.equals(wanted);
    }

    /** The device with its address left out, for comparing with a request that gave none. */
    private static DeviceDef withoutAddress(DeviceDef d) {
        DeviceBuses.Row row = DeviceBuses.of(d);
        return row.withAddress() == null ? d : row.withAddress().apply(null);
    }

    private static InterfaceDef nic(List<InterfaceDef> nics, InterfaceDef want, boolean macGiven, String where) {
        List<InterfaceDef> found = nics.stream()
                .filter(n -> !macGiven || n.mac().equalsIgnoreCase(want.mac()))
                .filter(n -> want.address() == null || pci(want.address()).equals(pci(n.address())))
                .filter(n -> want.alias() == null || want.alias().equals(n.alias()))
                .toList();
        String what = macGiven ? "matching MAC address " + want.mac() : want.address() != null
                ? "at " + want.address().describe() : "matching the interface given";
        if (found.isEmpty()) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "no network interface " + what + " was found in " + where
                    + "; see 'jvirt domiflist'.");
        }
        if (found.size() > 1) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "several network interfaces " + what + " were found in "
                    + where + "; name one by its MAC address and PCI address.");
        }
        return found.getFirst();
    }

    private static Address pci(Address a) {
        return a instanceof Address.Pci p ? p.withMultifunction(null) : a;
    }
}
