package io.jvirt.daemon.rest;

import io.jvirt.api.DomainInfo;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.daemon.domain.DomainStatus;

/** Turns daemon objects into API records; no logic beyond picking fields. */
final class ApiViews {
    private ApiViews() {
    }

    static DomainInfo info(DomainObj d) {
        DomainStatus s = d.status();
        DomainDef def = d.currentDef();
        return new DomainInfo(d.name(), d.uuid().toString(), s.id(), def == null ? null : def.title(),
                s.state(), s.reason(), "hvm", def == null ? 0 : def.vcpu().online(),
                def == null ? 0 : def.memoryKiB(), def == null ? 0 : def.currentMemoryKiB(),
                d.persistent(), d.autostart(), s.accel(), s.accelNote(), s.pid());
    }
}
