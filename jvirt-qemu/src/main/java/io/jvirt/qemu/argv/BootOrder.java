package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.OsDef;
import java.util.List;

/**
 * The {@code bootindex} of each disk and network card, as libvirt computes it
 * ({@code qemuProcessPrepareDeviceBootorder}): a device's own {@code <boot order>}, or, from
 * {@code <os><boot dev>}, the position of the device class in that list given to the first disk
 * of the class (hard disk, CD-ROM) and the first network card. QEMU then boots strictly in
 * that order ({@code -boot strict=on}); {@code -boot order=} is not used.
 */
final class BootOrder {

    private final Integer[] disks;
    private final Integer[] nics;

    private BootOrder(Integer[] disks, Integer[] nics) {
        this.disks = disks;
        this.nics = nics;
    }

    static BootOrder of(DomainDef def) {
        List<DiskDef> ds = def.devices().disks();
        List<InterfaceDef> ns = def.devices().interfaces();
        Integer[] disks = new Integer[ds.size()];
        Integer[] nics = new Integer[ns.size()];
        List<OsDef.BootDevice> boot = def.os().boot();
        if (boot.isEmpty()) {
            for (int i = 0; i < ds.size(); i++) {
                disks[i] = ds.get(i).bootOrder();
            }
            for (int i = 0; i < ns.size(); i++) {
                nics[i] = ns.get(i).bootOrder();
            }
            return new BootOrder(disks, nics);
        }
        Integer hd = position(boot, OsDef.BootDevice.HD);
        Integer cdrom = position(boot, OsDef.BootDevice.CDROM);
        for (int i = 0; i < ds.size(); i++) {
            switch (ds.get(i).device()) {
                case DISK -> {
                    disks[i] = hd;
                    hd = null;
                }
                case CDROM -> {
                    disks[i] = cdrom;
                    cdrom = null;
                }
            }
        }
        if (nics.length > 0) {
            nics[0] = position(boot, OsDef.BootDevice.NETWORK);
        }
        return new BootOrder(disks, nics);
    }

    private static Integer position(List<OsDef.BootDevice> boot, OsDef.BootDevice dev) {
        int i = boot.indexOf(dev);
        return i < 0 ? null : i + 1;
    }

    /** The boot index of the i-th disk, or null. */
    Integer disk(int i) {
        return disks[i];
    }

    /** The boot index of the i-th network card, or null. */
    Integer nic(int i) {
        return nics[i];
    }
}
