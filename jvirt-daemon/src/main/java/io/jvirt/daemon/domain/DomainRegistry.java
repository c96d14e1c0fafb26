package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All domains, by name and by UUID. Lookups are lock-free; the uniqueness check of a new
 * name/UUID pair and its insertion happen under one short lock that is never held across I/O.
 */
public final class DomainRegistry {
    private final ConcurrentHashMap<String, DomainObj> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, DomainObj> byUuid = new ConcurrentHashMap<>();
    private final Object insertLock = new Object();

    /** The result of {@link #reserve}: the object and whether it was created by this call. */
    record Reservation(DomainObj obj, boolean created) { }

    /**
     * Returns the domain with this name and UUID, creating it (invisible until defined) when
     * neither is taken.
     *
     * @throws DaemonException ALREADY_EXISTS when the name or UUID belongs to another domain
     */
    Reservation reserve(String name, UUID uuid) {
        synchronized (insertLock) {
            DomainObj n = byName.get(name);
            DomainObj u = byUuid.get(uuid);
            if (n != null && !n.uuid().equals(uuid)) {
                throw new DaemonException(ErrorCode.ALREADY_EXISTS, "domain '" + name + "' already exists with UUID "
                        + n.uuid() + "; choose another name, or use that UUID to redefine it.");
            }
            if (u != null && !u.name().equals(name)) {
                throw new DaemonException(ErrorCode.ALREADY_EXISTS, "UUID " + uuid + " is already used by domain '"
                        + u.name() + "'; remove the <uuid> element to get a fresh one.");
            }
            if (n != null) {
                return new Reservation(n, false);
            }
            DomainObj obj = new DomainObj(name, uuid);
            byName.put(name, obj);
            byUuid.put(uuid, obj);
            return new Reservation(obj, true);
        }
    }

    /**
     * Gives a domain another name ({@code domrename}); its UUID stays.
     *
     * @throws DaemonException ALREADY_EXISTS when another domain has the name
     */
    void rename(DomainObj obj, String newName) {
        synchronized (insertLock) {
            DomainObj other = byName.get(newName);
            if (other != null) {
                throw new DaemonException(ErrorCode.ALREADY_EXISTS, "domain '" + newName + "' already exists; choose "
                        + "another name.");
            }
            byName.remove(obj.name(), obj);
            obj.setName(newName);
            byName.put(newName, obj);
        }
    }

    void remove(DomainObj obj) {
        synchronized (insertLock) {
            byName.remove(obj.name(), obj);
            byUuid.remove(obj.uuid(), obj);
        }
    }

    /** The domain by name, UUID or running id; NOT_FOUND otherwise. */
    public DomainObj lookup(String ref) {
        DomainObj d = byName.get(ref);
        if (d == null && ref.length() == 36) {
            try {
                d = byUuid.get(UUID.fromString(ref));
            } catch (IllegalArgumentException notUuid) {
                d = null;
            }
        }
        if (d == null && !ref.isEmpty() && ref.chars().allMatch(Character::isDigit) && ref.length() < 10) {
            int id = Integer.parseInt(ref);
            for (DomainObj o : byName.values()) {
                if (o.status().id() == id) {
                    d = o;
                    break;
                }
            }
        }
        if (d == null || !d.visible) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "domain '" + ref
                    + "' does not exist; 'jvirt list --all' shows the defined domains.");
        }
        return d;
    }

    /** The domain with this name, or null. */
    DomainObj byName(String name) {
        DomainObj d = byName.get(name);
        return d != null && d.visible ? d : null;
    }

    DomainObj byUuid(UUID uuid) {
        return byUuid.get(uuid);
    }

    /** All visible domains: running ones first by id, then inactive ones by name, like virsh. */
    public List<DomainObj> all() {
        List<DomainObj> out = new ArrayList<>(byName.size());
        for (DomainObj d : byName.values()) {
            if (d.visible) {
                out.add(d);
            }
        }
        out.sort(Comparator.<DomainObj>comparingInt(d -> d.status().active() ? 0 : 1)
                .thenComparingInt(d -> d.status().id())
                .thenComparing(DomainObj::name));
        return out;
    }

    public int size() {
        return byName.size();
    }
}
