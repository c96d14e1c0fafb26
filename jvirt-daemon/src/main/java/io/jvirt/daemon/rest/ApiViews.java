package io.jvirt.daemon.rest;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.ImageHolder;
import io.jvirt.api.NetworkInfo;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.daemon.storage.DiskLocks;
import io.jvirt.daemon.storage.PoolObj;
import io.jvirt.storage.PoolInfo;
import io.jvirt.storage.VolumeInfo;
import java.util.List;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.daemon.domain.DomainMessages;
import io.jvirt.daemon.domain.DomainStatus;
import io.jvirt.daemon.network.NetworkObj;
import io.jvirt.daemon.network.NetworkService;
import io.jvirt.network.ActiveNetwork;

/** Turns daemon objects into API records; no logic beyond picking fields. */
final class ApiViews {
    private ApiViews() {
    }

    static DomainInfo info(DomainObj d) {
        DomainStatus s = d.status();
        DomainDef def = d.currentDef();
        return new DomainInfo(d.name(), d.uuid().toString(), s.id(), def == null ? null : def.title(),
                s.state(), s.reason().word(), "hvm", def == null ? 0 : def.vcpu().online(),
                def == null ? 0 : def.memoryKiB(), def == null ? 0 : def.currentMemoryKiB(),
                d.persistent(), d.autostart(), s.accel(), s.accelNote(), s.pid(), d.tuningReport(),
                DomainMessages.of(d));
    }

    static NetworkInfo info(NetworkObj n) {
        NetworkDef def = n.currentDef();
        ActiveNetwork a = n.active();
        return new NetworkInfo(n.name(), n.uuid().toString(), a != null, n.persistentDef() != null, n.autostart(),
                def == null ? null : def.bridgeName(), def == null ? null : def.forwardMode().label(),
                def == null ? java.util.List.of() : NetworkService.subnets(def),
                a != null && a.dnsmasq() != null ? a.dnsmasq().pid() : 0, n.warnings());
    }

    static StoragePoolInfo info(PoolObj p, PoolInfo i) {
        PoolDef def = p.currentDef();
        return new StoragePoolInfo(p.name(), p.uuid().toString(), def.type().xml(), p.active() != null,
                p.persistentDef() != null, p.autostart(), i.capacity(), i.allocation(), i.available(),
                def.target().path(), def.source().device());
    }

    static ImageHolder holder(DiskLocks.Lease l) {
        return switch (l.holder()) {
            case DiskLocks.DomainHolder d -> new ImageHolder(d.domain(), l.request().disk(), l.request().backing(), null);
            case DiskLocks.JobHolder j -> new ImageHolder(null, null, false, DiskLocks.describe(j));
        };
    }

    static StorageVolumeInfo info(String pool, VolumeInfo v, List<String> usedBy) {
        return new StorageVolumeInfo(v.name(), pool, v.key(), v.path().toString(), v.type().xml(), v.format().xml(),
                v.capacity(), v.allocation(), v.physical(), v.backing() == null ? null : v.backing().path(), usedBy);
    }
}
