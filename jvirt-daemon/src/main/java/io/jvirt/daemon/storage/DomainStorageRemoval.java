package io.jvirt.daemon.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.DomainCommand;
import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.daemon.domain.DomainService;
import io.jvirt.storage.TransferProgress;
import io.jvirt.storage.VolumeInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * virsh's {@code undefine --remove-all-storage | --storage LIST [--wipe-storage]}: the storage
 * volumes of a shut-off domain's disks go with its definition. Everything is checked before
 * anything changes: the domain is shut off, every disk the user named exists, and no volume to
 * remove is a disk of another domain or the backing image of another volume (virsh would
 * delete those too and break the other domain; jvirt refuses and names it). Disks whose image
 * no pool holds are left alone with a warning, as virsh does. The definition goes first, then
 * each volume (wiped first if asked); a volume that cannot be removed is reported and the
 * others still go.
 */
public final class DomainStorageRemoval {
    private static final Logger LOG = Logger.getLogger(DomainStorageRemoval.class.getName());

    private final DomainService domains;
    private final VolumeService volumes;
    private final StorageService pools;

    public DomainStorageRemoval(DomainService domains, VolumeService volumes, StorageService pools) {
        this.domains = domains;
        this.volumes = volumes;
        this.pools = pools;
    }

    /**
     * Which volumes go.
     *
     * @param all every disk's volume ({@code --remove-all-storage})
     * @param only the disks named by target ({@code vda}) or source path ({@code --storage}); empty with {@code all}
     * @param wipe whether each volume is overwritten with zeroes before it is deleted
     */
    public record Storage(boolean all, List<String> only, boolean wipe) {
        /** Copies the list. */
        public Storage {
            only = List.copyOf(only);
        }
    }

    /**
     * One disk's volume and what became of it.
     *
     * @param target the disk's target ({@code vda})
     * @param source the disk's image
     * @param pool the volume's pool, or null when no pool holds the image (it stays)
     * @param volume the volume's name, or null with {@code pool}
     * @param removed whether it was deleted
     * @param message why not, as a whole sentence, or null
     */
    public record Volume(String target, String source, String pool, String volume, boolean removed, String message) {
    }

    /** The undefined domain and its disks' volumes. */
    public record Outcome(DomainObj domain, List<Volume> volumes) {
        /** Copies the list. */
        public Outcome {
            volumes = List.copyOf(volumes);
        }
    }

    /** Undefines the domain, then removes the volumes {@code storage} names. */
    public Outcome undefine(DomainCommand.Undefine undefine, Storage storage) {
        DomainObj obj = domains.lookup(undefine.ref());
        List<String> problems = new ArrayList<>();
        if (storage.all() && !storage.only().isEmpty()) {
            problems.add("--storage and --remove-all-storage exclude each other; give one of them.");
        }
        if (obj.status().active()) {
            problems.add("Domain '" + obj.name() + "' is running, and its storage volumes can be removed only when it "
                    + "is shut off; stop it first ('jvirt shutdown " + obj.name() + "' or 'jvirt destroy "
                    + obj.name() + "').");
        }
        DomainDef def = obj.persistentDef();
        List<Volume> planned = def == null || !problems.isEmpty() ? List.of() : plan(obj.name(), def, storage, problems);
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Domain '" + obj.name() + "' was not undefined and "
                    + "no volume was removed: " + String.join(" ", problems));
        }
        DomainObj gone = domains.execute(undefine);
        List<Volume> done = new ArrayList<>(planned.size());
        for (Volume v : planned) {
            done.add(v.pool() == null ? v : remove(obj.name(), v, storage.wipe()));
        }
        return new Outcome(gone, done);
    }

    private Volume remove(String domain, Volume v, boolean wipe) {
        try {
            if (wipe) {
                volumes.wipe(v.pool(), v.volume(), "zero", TransferProgress.NONE);
            }
            volumes.delete(v.pool(), v.volume());
            LOG.info("domain " + domain + " undefined: volume " + v.volume() + " of pool " + v.pool() + " (disk "
                    + v.target() + ") removed");
            return new Volume(v.target(), v.source(), v.pool(), v.volume(), true, null);
        } catch (DaemonException e) {
            return new Volume(v.target(), v.source(), v.pool(), v.volume(), false, "Failed to remove storage volume '"
                    + v.target() + "' (" + v.source() + "): " + e.getMessage());
        }
    }

    /** The selected disks' volumes; adds to {@code problems} what forbids removing them. */
    private List<Volume> plan(String domain, DomainDef def, Storage storage, List<String> problems) {
        Set<String> unmatched = new LinkedHashSet<>(storage.only());
        List<Volume> out = new ArrayList<>();
        Map<String, List<String>> backed = null; // backing image path -> the volumes on it, read once
        for (DiskDef d : def.devices().disks()) {
            String target = d.target().dev();
            DiskSource.Volume vol = d.volume();
            String source = vol != null ? vol.volume() : d.localPath();
            if (source == null) {
                continue;
            }
            boolean named = unmatched.remove(target) | unmatched.remove(source);
            if (!storage.all() && !named) {
                continue;
            }
            VolumeService.Found found = (vol != null ? volumes.find(vol.pool(), vol.volume())
                    .map(v -> new VolumeService.Found(vol.pool(), v)) : volumes.findByKey(source)).orElse(null);
            if (found == null) {
                out.add(new Volume(target, source, null, null, false, "Storage volume '" + target + "' (" + source
                        + ") is not held by any jvirt storage pool, so it was kept; remove it by hand if you "
                        + "need to."));
                continue;
            }
            String path = found.volume().path().toString();
            if (backed == null) {
                backed = backedVolumes();
            }
            List<String> users = otherDomains(domain, found.pool(), found.volume().name(), path);
            users.addAll(backed.getOrDefault(path, List.of()));
            for (String user : users) {
                problems.add("The volume " + path + " of disk " + target + " is " + user + "; remove only the other "
                        + "disks' volumes with --storage, or detach it there first.");
            }
            out.add(new Volume(target, path, found.pool(), found.volume().name(), false, null));
        }
        for (String u : unmatched) {
            problems.add("Volume '" + u + "' was not found in the domain's definition (give a disk's target, such as "
                    + "vda, or its source path).");
        }
        return out;
    }

    /** The other domains that have a volume as a disk: "also a disk of domain 'web2'". */
    private List<String> otherDomains(String domain, String pool, String volume, String path) {
        List<String> users = new ArrayList<>();
        for (DomainObj other : domains.list(true)) {
            if (other.name().equals(domain)) {
                continue;
            }
            for (DomainDef d : new DomainDef[] {other.persistentDef(), other.liveDef()}) {
                if (d != null && uses(d, pool, volume, path)) {
                    users.add("also a disk of domain '" + other.name() + "'");
                    break;
                }
            }
        }
        return users;
    }

    /**
     * The volumes of every running pool that have a backing image, by that image's path: "the
     * backing image of volume /p/x.qcow2 of pool 'vms'" (one listing of each pool per removal).
     */
    private Map<String, List<String>> backedVolumes() {
        Map<String, List<String>> out = new HashMap<>();
        for (PoolObj p : pools.list(false)) {
            if (p.active() == null) {
                continue;
            }
            for (VolumeInfo v : volumes.list(p.name())) {
                if (v.backing() != null) {
                    out.computeIfAbsent(v.backing().path(), k -> new ArrayList<>()).add("the backing image of volume "
                            + v.path() + " of pool '" + p.name() + "'");
                }
            }
        }
        return out;
    }

    private static boolean uses(DomainDef def, String pool, String volume, String path) {
        for (DiskDef d : def.devices().disks()) {
            DiskSource.Volume v = d.volume();
            if (v != null ? pool.equals(v.pool()) && volume.equals(v.volume())
                    : d.localPath() != null && Objects.equals(Path.of(d.localPath()).normalize(), Path.of(path))) {
                return true;
            }
        }
        return false;
    }
}
