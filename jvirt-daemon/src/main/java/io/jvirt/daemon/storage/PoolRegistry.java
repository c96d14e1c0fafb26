package io.jvirt.daemon.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.daemon.DaemonException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage pools jvirtd knows, by name and by UUID, and the rules that keep them apart
 * (one name, one UUID, one directory, one device per pool). Reads take no lock; changes and
 * {@link #checkUnique} run under the storage service's registry lock.
 */
final class PoolRegistry {
    private final Map<String, PoolObj> byName = new ConcurrentHashMap<>();
    private final Map<UUID, PoolObj> byUuid = new ConcurrentHashMap<>();

    PoolObj register(String name, UUID uuid) {
        PoolObj p = new PoolObj(name, uuid);
        add(p);
        return p;
    }

    void add(PoolObj p) {
        byName.put(p.name(), p);
        byUuid.put(p.uuid(), p);
    }

    void remove(PoolObj p) {
        byName.remove(p.name(), p);
        byUuid.remove(p.uuid(), p);
    }

    /** Whether this very object is still registered (it may have been undefined meanwhile). */
    boolean holds(PoolObj p) {
        return byName.get(p.name()) == p;
    }

    PoolObj byName(String name) {
        return byName.get(name);
    }

    PoolObj byUuid(UUID uuid) {
        return byUuid.get(uuid);
    }

    int size() {
        return byName.size();
    }

    /** All pools, or only the active ones, by name. */
    List<PoolObj> list(boolean all) {
        List<PoolObj> out = new ArrayList<>(byName.values());
        if (!all) {
            out.removeIf(p -> p.active() == null);
        }
        out.sort(Comparator.comparing(PoolObj::name));
        return out;
    }

    /** Finds a pool by name or UUID. */
    PoolObj lookup(String ref) {
        PoolObj p = byName.get(ref);
        if (p == null) {
            try {
                p = byUuid.get(UUID.fromString(ref));
            } catch (IllegalArgumentException notUuid) {
                // not a UUID either
            }
        }
        if (p == null) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "Storage pool '" + ref
                    + "' does not exist; see 'jvirt pool-list --all'.");
        }
        return p;
    }

    /** Checks name/UUID uniqueness and that no other pool has the same directory or device. */
    PoolDef checkUnique(PoolDef def, boolean keepExistingUuid) {
        PoolObj sameName = byName.get(def.name());
        if (sameName != null && keepExistingUuid) {
            def = def.withUuid(sameName.uuid());
        }
        PoolObj sameUuid = byUuid.get(def.uuid());
        if (sameUuid != null && !sameUuid.name().equals(def.name())) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "Storage pool '" + sameUuid.name()
                    + "' already has the UUID " + def.uuid() + "; remove the <uuid> to get a new one.");
        }
        if (sameName != null && !sameName.uuid().equals(def.uuid())) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "Storage pool '" + def.name()
                    + "' already exists with UUID " + sameName.uuid() + "; use that UUID or another name.");
        }
        Path dir = Path.of(def.target().path()).normalize();
        for (PoolObj o : byName.values()) {
            PoolDef od = o.currentDef();
            if (o.name().equals(def.name()) || od == null) {
                continue;
            }
            if (Path.of(od.target().path()).normalize().equals(dir)) {
                throw new DaemonException(ErrorCode.IN_USE, "Storage pool '" + o.name() + "' already uses the directory "
                        + dir + "; two pools cannot share a directory.");
            }
            if (def.source() != null && od.source() != null && def.source().device() != null
                    && def.source().device().equals(od.source().device())) {
                throw new DaemonException(ErrorCode.IN_USE, "Storage pool '" + o.name() + "' already uses the device "
                        + def.source().device() + "; two pools cannot share a device.");
            }
        }
        return def;
    }

}
