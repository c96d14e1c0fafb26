package io.jvirt.daemon.agent;

import io.jvirt.api.GuestInfo;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.agent.GuestFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code guestinfo}'s typed parameters from what the agent answered, with libvirt's
 * names and order (qemuDomainGetGuestInfo): users, os, timezone, hostname, file systems,
 * disks, interfaces. Pure.
 */
final class GuestInfoParams {
    private final List<GuestInfo.Param> params = new ArrayList<>();

    GuestInfo build() {
        return new GuestInfo(params);
    }

    private void add(String field, Object value) {
        params.add(new GuestInfo.Param(field, value));
    }

    void users(List<GuestFacts.User> users) {
        add("user.count", (long) users.size());
        for (int i = 0; i < users.size(); i++) {
            GuestFacts.User u = users.get(i);
            add("user." + i + ".name", u.name());
            if (u.domain() != null) {
                add("user." + i + ".domain", u.domain());
            }
            add("user." + i + ".login-time", (long) (u.loginTime() * 1000)); // libvirt: milliseconds
        }
    }

    void os(GuestFacts.OsInfo os) {
        for (Map.Entry<String, String> e : os.fields().entrySet()) {
            add("os." + e.getKey(), e.getValue());
        }
    }

    void timezone(GuestFacts.Timezone tz) {
        if (tz.zone() != null) {
            add("timezone.name", tz.zone());
        }
        add("timezone.offset", (long) tz.offset());
    }

    void hostname(String name) {
        add("hostname", name);
    }

    void fileSystems(List<GuestFacts.FileSystem> fss, DomainDef def) {
        add("fs.count", (long) fss.size());
        for (int i = 0; i < fss.size(); i++) {
            GuestFacts.FileSystem f = fss.get(i);
            String p = "fs." + i + ".";
            add(p + "name", f.name());
            add(p + "mountpoint", f.mountpoint());
            add(p + "fstype", f.type());
            if (f.totalBytes() != null) {
                add(p + "total-bytes", f.totalBytes());
            }
            if (f.usedBytes() != null) {
                add(p + "used-bytes", f.usedBytes());
            }
            add(p + "disk.count", (long) f.disks().size());
            for (int j = 0; j < f.disks().size(); j++) {
                GuestFacts.DiskAddress d = f.disks().get(j);
                String q = p + "disk." + j + ".";
                DiskTargets.target(def, d).ifPresent(t -> add(q + "alias", t));
                if (d.serial() != null) {
                    add(q + "serial", d.serial());
                }
                if (d.device() != null) {
                    add(q + "device", d.device());
                }
            }
        }
    }

    void disks(List<GuestFacts.Disk> disks, DomainDef def) {
        add("disk.count", (long) disks.size());
        for (int i = 0; i < disks.size(); i++) {
            GuestFacts.Disk d = disks.get(i);
            String p = "disk." + i + ".";
            add(p + "name", d.name());
            add(p + "partition", d.partition());
            if (!d.dependencies().isEmpty()) {
                add(p + "dependency.count", (long) d.dependencies().size());
                for (int j = 0; j < d.dependencies().size(); j++) {
                    add(p + "dependency." + j + ".name", d.dependencies().get(j));
                }
            }
            if (d.address() != null) {
                if (d.address().serial() != null) {
                    add(p + "serial", d.address().serial());
                }
                DiskTargets.target(def, d.address()).ifPresent(t -> add(p + "alias", t));
            }
            if (d.alias() != null) {
                add(p + "guest_alias", d.alias());
            }
        }
    }

    void interfaces(List<GuestFacts.Interface> ifs) {
        add("if.count", (long) ifs.size());
        for (int i = 0; i < ifs.size(); i++) {
            GuestFacts.Interface n = ifs.get(i);
            String p = "if." + i + ".";
            add(p + "name", n.name());
            if (n.hardwareAddress() != null) {
                add(p + "hwaddr", n.hardwareAddress());
            }
            add(p + "addr.count", (long) n.addresses().size());
            for (int j = 0; j < n.addresses().size(); j++) {
                GuestFacts.IpAddress a = n.addresses().get(j);
                add(p + "addr." + j + ".type", a.type());
                add(p + "addr." + j + ".addr", a.address());
                add(p + "addr." + j + ".prefix", (long) a.prefix());
            }
        }
    }
}
