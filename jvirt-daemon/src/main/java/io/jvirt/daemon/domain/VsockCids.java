package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.VsockDef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The vsock context ids this daemon's running domains hold. A domain whose vsock asks for an
 * automatic id ({@code <cid auto='yes'/>}, or no address) gets the lowest free one from 3 at
 * start, and the live definition shows it ({@code <cid auto='yes' address='3'/>}), as libvirt's
 * does. A fixed id that another of this daemon's domains holds is refused.
 */
final class VsockCids {
    private static final int FIRST = 3;

    private final Map<UUID, Integer> held = new HashMap<>();

    /**
     * Gives a starting domain its context id.
     *
     * @param domain the domain's UUID
     * @param name the domain's name, for messages
     * @param def the definition about to start
     * @return the definition with the id filled in
     * @throws IllegalArgumentException naming the other domain when a fixed id is taken
     */
    synchronized DomainDef assign(UUID domain, String name, DomainDef def) {
        VsockDef v = def.devices().vsock();
        if (v == null) {
            return def;
        }
        int cid;
        if (v.needsCid()) {
            cid = FIRST;
            while (held.containsValue(cid)) {
                cid++;
            }
        } else {
            cid = v.cid();
            if (held.containsValue(cid)) {
                throw new IllegalArgumentException("domain '" + name + "' asks for the vsock CID " + cid
                        + ", which another running domain holds; pick another address or use <cid auto='yes'/>.");
            }
        }
        held.put(domain, cid);
        VsockDef live = v.withCid(cid);
        return def.withDevices(def.devices().replacing(live.kind(), List.of(live)));
    }

    /** Records the id of a domain found running after a daemon restart. */
    synchronized void adopt(UUID domain, DomainDef live) {
        VsockDef v = live.devices().vsock();
        if (v != null && v.cid() != null) {
            held.put(domain, v.cid());
        }
    }

    /** Frees the id of a domain that stopped. */
    synchronized void release(UUID domain) {
        held.remove(domain);
    }
}
