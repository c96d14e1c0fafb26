package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.qemu.argv.QemuArgv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A domain's devices by the ids QEMU knows them by, and copies of a definition with one device
 * more, less or changed. Disks are named after their target and address ({@code virtio-disk1}),
 * which never change; network cards after their position ({@code net0}) unless they carry an
 * alias, so once cards come and go while the guest runs every card of the live definition
 * carries its alias ({@link #named}), as libvirt's live XML does.
 */
final class LiveDevices {
    private static final Pattern NET = Pattern.compile("net(\\d+)");

    private LiveDevices() {
    }

    /** The definition with every network card named by the id QEMU has for it. */
    static DomainDef named(DomainDef live) {
        List<InterfaceDef> nics = live.devices().interfaces();
        if (nics.stream().allMatch(n -> n.alias() != null)) {
            return live;
        }
        List<InterfaceDef> out = new ArrayList<>(nics.size());
        for (int i = 0; i < nics.size(); i++) {
            out.add(nics.get(i).withAlias(QemuArgv.nicId(nics.get(i), i)));
        }
        return live.withDevices(live.devices().withInterfaces(out));
    }

    /** An id for a new network card no card of {@code live} has, as libvirt picks it: one past the highest netN. */
    static String nextNicAlias(DomainDef live) {
        List<InterfaceDef> nics = live.devices().interfaces();
        int next = nics.size();
        for (int i = 0; i < nics.size(); i++) {
            Matcher m = NET.matcher(QemuArgv.nicId(nics.get(i), i));
            if (m.matches()) {
                next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return "net" + next;
    }

    /** QEMU's id of a device of {@code def}, or empty for a kind that is not hot-plugged. */
    static Optional<String> idOf(DomainDef def, DeviceDef device) {
        if (device instanceof DiskDef d) {
            return Optional.of(QemuArgv.diskId(def, d));
        }
        if (device instanceof InterfaceDef n) {
            return Optional.of(QemuArgv.nicId(n, def.devices().interfaces().indexOf(n)));
        }
        return Optional.empty();
    }

    /** QEMU's ids of the disks and cards of {@code def}. */
    static List<String> ids(DomainDef def) {
        List<String> out = new ArrayList<>();
        for (DiskDef d : def.devices().disks()) {
            if (d.address() != null) {
                out.add(QemuArgv.diskId(def, d));
            }
        }
        List<InterfaceDef> nics = def.devices().interfaces();
        for (int i = 0; i < nics.size(); i++) {
            out.add(QemuArgv.nicId(nics.get(i), i));
        }
        return out;
    }

    /** The disk or card of {@code def} QEMU knows as {@code id}. */
    static Optional<DeviceDef> byId(DomainDef def, String id) {
        for (DiskDef d : def.devices().disks()) {
            if (d.address() != null && id.equals(QemuArgv.diskId(def, d))) {
                return Optional.of(d);
            }
        }
        List<InterfaceDef> nics = def.devices().interfaces();
        for (int i = 0; i < nics.size(); i++) {
            if (id.equals(QemuArgv.nicId(nics.get(i), i))) {
                return Optional.of(nics.get(i));
            }
        }
        return Optional.empty();
    }

    /** A copy of {@code def} with {@code device} added (after the devices of its kind). */
    static DomainDef with(DomainDef def, DeviceDef device) {
        List<DeviceDef> all = new ArrayList<>(def.devices().all());
        all.add(device);
        return def.withDevices(new Devices(def.devices().emulator(), all));
    }

    /** A copy of {@code def} without {@code device} (the first device equal to it). */
    static DomainDef without(DomainDef def, DeviceDef device) {
        List<DeviceDef> all = new ArrayList<>(def.devices().all());
        if (!all.remove(device)) {
            throw new IllegalArgumentException("the definition has no such device");
        }
        return def.withDevices(new Devices(def.devices().emulator(), all));
    }

    /** A copy of {@code def} with {@code old} replaced by {@code updated}, in its place. */
    static DomainDef replacing(DomainDef def, DeviceDef old, DeviceDef updated) {
        List<DeviceDef> all = new ArrayList<>(def.devices().all());
        int i = all.indexOf(old);
        if (i < 0) {
            throw new IllegalArgumentException("the definition has no such device");
        }
        all.set(i, updated);
        return def.withDevices(new Devices(def.devices().emulator(), all));
    }

    /**
     * The definition as a persistent one keeps it: the aliases the daemon gave cards of a running
     * domain go (as libvirt drops aliases other than user aliases, {@code ua-...}).
     */
    static DomainDef forPersistent(DomainDef def) {
        List<InterfaceDef> nics = def.devices().interfaces();
        if (nics.stream().allMatch(n -> n.alias() == null || n.hasUserAlias())) {
            return def;
        }
        List<InterfaceDef> out = nics.stream().map(n -> n.alias() == null || n.hasUserAlias() ? n : n.withAlias(null))
                .toList();
        return def.withDevices(def.devices().withInterfaces(out));
    }
}
