package io.jvirt.cli.install;

import io.jvirt.cli.install.DiskOptions.Disk;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives the planned disks their bus, when {@code --disk} named none, and their target names
 * ({@code vda}, {@code sda}, {@code hdc}, ...), as virt-install does.
 */
final class DiskTargets {
    private DiskTargets() {
    }

    /**
     * Picks each disk's bus (virt-install's defaults for the OS and machine) and target name.
     *
     * @param all the disks, install media included
     */
    static void assignTargets(GuestSpec g, List<Disk> all) {
        Set<String> used = new HashSet<>();
        for (Disk d : all) {
            if (d.bus == null) {
                d.bus = defaultBus(g, d);
            }
            if (d.target != null) {
                used.add(d.target);
            }
        }
        for (Disk d : all) {
            if (d.target == null) {
                String prefix = switch (d.bus) {
                    case "virtio" -> "vd";
                    case "ide" -> "hd";
                    case "fdc" -> "fd";
                    case "xen" -> "xvd";
                    default -> "sd";
                };
                d.target = nextTarget(prefix, used);
                used.add(d.target);
            }
            if (d.bus.equals("scsi")) {
                g.scsiDisk = true;
            }
        }
    }

    /**
     * The target virt-install's {@code generate_target} picks: the first name after every name of
     * the prefix in use (so a given {@code vdz} makes the next disk {@code vdaa}), else the first
     * free one.
     */
    private static String nextTarget(String prefix, Set<String> used) {
        Set<String> skip = new HashSet<>();
        used.stream().filter(t -> t.startsWith(prefix)).forEach(skip::add);
        String firstFree = null;
        for (int i = 0; i < 26 + 26 * 26; i++) {
            String name = prefix + letters(i);
            if (skip.remove(name)) {
                continue;
            }
            if (skip.isEmpty()) {
                return name;
            }
            if (firstFree == null) {
                firstFree = name;
            }
        }
        return firstFree;
    }

    private static String defaultBus(GuestSpec g, Disk d) {
        if (d.device.equals("floppy")) {
            return "fdc";
        }
        if (d.device.equals("disk") && g.os.virtioDisk()) {
            return "virtio";
        }
        return g.q35() ? "sata" : "ide";
    }

    private static String letters(int i) {
        String s = "";
        int n = i;
        do {
            s = (char) ('a' + n % 26) + s;
            n = n / 26 - 1;
        } while (n >= 0);
        return s;
    }
}
