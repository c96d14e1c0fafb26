package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.OsDef;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code bootindex} of each device, as libvirt gives it for QEMU 7.2: a per-device
 * {@code <boot order>} as written; with {@code <os><boot dev>} instead, the position of each
 * device class in that list goes to the first disk (or LUN), the first CD-ROM, the first floppy
 * and the first network card of the definition. QEMU then boots in {@code bootindex} order only
 * ({@code -boot strict=on}).
 */
final class BootIndexes {

    private final Map<Object, Integer> byDevice = new IdentityHashMap<>();

    private BootIndexes() {
    }

    static BootIndexes of(DomainDef def) {
        BootIndexes b = new BootIndexes();
        List<OsDef.BootDevice> order = def.os().boot();
        if (order.isEmpty()) {
            def.devices().disks().forEach(d -> b.put(d, d.bootOrder()));
            def.devices().interfaces().forEach(n -> b.put(n, n.bootOrder()));
            def.devices().filesystems().forEach(f -> b.put(f, f.bootOrder()));
            return b;
        }
        int disk = 0;
        int cdrom = 0;
        int floppy = 0;
        int network = 0;
        for (int i = 0; i < order.size(); i++) {
            switch (order.get(i)) {
                case HD -> disk = i + 1;
                case CDROM -> cdrom = i + 1;
                case FD -> floppy = i + 1;
                case NETWORK -> network = i + 1;
            }
        }
        for (DiskDef d : def.devices().disks()) {
            switch (d.device()) {
                case DISK, LUN -> {
                    b.put(d, disk);
                    disk = 0;
                }
                case CDROM -> {
                    b.put(d, cdrom);
                    cdrom = 0;
                }
                case FLOPPY -> {
                    b.put(d, floppy);
                    floppy = 0;
                }
            }
        }
        List<InterfaceDef> nics = def.devices().interfaces();
        if (!nics.isEmpty()) {
            b.put(nics.getFirst(), network);
        }
        return b;
    }

    private void put(Object device, Integer index) {
        if (index != null && index > 0) {
            byDevice.put(device, index);
        }
    }

    /**
     * Returns a device's boot index.
     *
     * @param device a disk, interface or filesystem of the definition
     * @return the index, or null when the device is not bootable
     */
    Integer of(Object device) {
        return byDevice.get(device);
    }
}
