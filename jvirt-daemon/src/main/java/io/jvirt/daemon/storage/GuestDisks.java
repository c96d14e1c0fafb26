package io.jvirt.daemon.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.DiskPlumbing;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StoragePool;
import io.jvirt.storage.VolumeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.logging.Logger;

/**
 * The disks of a starting domain: resolves each {@code <disk type='volume'>} to its volume's
 * file (and format, when the definition names none) in the live definition, the way
 * {@code GuestNics} fills in tap names, and locks every image the domain will open in
 * {@link DiskLocks}: a writable disk exclusively, a {@code <shareable/>} one for shared
 * writing, read-only disks and every image of a backing chain for reading. A start that
 * would write an image another domain uses (or read one it writes) is refused with a message
 * naming that domain. A file disk without a declared format whose file carries another
 * format's signature is refused ({@link UndeclaredFormats}). Resolution and locking happen with
 * the pools' locks held for reading, so a pool cannot stop in between.
 */
public final class GuestDisks implements DiskPlumbing {
    private static final Logger LOG = Logger.getLogger(GuestDisks.class.getName());

    private final StorageService pools;
    private final DiskLocks locks;

    public GuestDisks(StorageService pools) {
        this.pools = pools;
        this.locks = pools.locks();
    }

    @Override
    public DomainDef plug(String domain, DomainDef def) {
        return plug(domain, def, "cannot start");
    }

    @Override
    public DiskDef plugDisk(String domain, DomainDef live, DiskDef disk) {
        DomainDef only = live.withDevices(live.devices().withDisks(List.of(disk)));
        return plug(domain, only, "cannot attach disk " + disk.target().dev()).devices().disks().getFirst();
    }

    @Override
    public List<String> holders(Path image) {
        return locks.leases(image).stream().map(l -> DiskLocks.describe(l.holder())).distinct().toList();
    }

    @Override
    public void unplugDisk(String domain, DiskDef disk) {
        locks.release(new DiskLocks.DomainHolder(domain), disk.target().dev());
    }

    /**
     * Resolves and locks the disks of {@code def}.
     *
     * @param refused how a refusal begins after "domain 'NAME' ", such as "cannot start"
     */
    private DomainDef plug(String domain, DomainDef def, String refused) {
        List<DiskDef> disks = def.devices().disks();
        if (disks.isEmpty()) {
            return def;
        }
        // the pools named by volume disks, locked for reading in name order
        TreeMap<String, PoolObj> used = new TreeMap<>();
        for (DiskDef d : disks) {
            if (d.volume() != null) {
                String pool = d.volume().pool();
                PoolObj p = pools.byNameOrNull(pool);
                if (p == null) {
                    throw new DaemonException(ErrorCode.NOT_FOUND, "domain '" + domain + "' " + refused + ": its disk "
                            + d.target().dev() + " uses storage pool '" + pool + "', which does not exist; see "
                            + "'jvirt pool-list --all'.");
                }
                used.put(pool, p);
            }
        }
        List<Lock> held = new ArrayList<>();
        try {
            for (PoolObj p : used.values()) {
                Lock l = p.lock.readLock();
                l.lock();
                held.add(l);
            }
            List<DiskDef> out = new ArrayList<>(disks.size());
            for (DiskDef d : disks) {
                DiskDef resolved = d.volume() == null ? d : resolve(domain, refused, d, used.get(d.volume().pool()));
                DiskDef kept = applyStartupPolicy(domain, resolved);
                if (kept != null) {
                    out.add(kept);
                }
            }
            DomainDef live = def.withDevices(def.devices().withDisks(out));
            UndeclaredFormats.check(domain, out);
            DiskLocks.Conflict c = locks.tryAcquire(new DiskLocks.DomainHolder(domain), requests(live));
            if (c != null) {
                throw new DaemonException(ErrorCode.IN_USE, refusal(domain, refused, c));
            }
            return live;
        } finally {
            for (Lock l : held) {
                l.unlock();
            }
        }
    }

    /**
     * libvirt's startupPolicy: a CD-ROM or floppy whose image is missing starts without its medium
     * when the policy is optional or requisite; a disk whose image is missing is left out when the
     * policy is optional. Otherwise (and without a policy) a missing image fails the start later.
     */
    static DiskDef applyStartupPolicy(String domain, DiskDef d) {
        DiskDef.StartupPolicy policy = d.startupPolicy();
        String path = d.localPath();
        if (policy == null || policy == DiskDef.StartupPolicy.MANDATORY || path == null
                || Files.exists(Path.of(path))) {
            return d;
        }
        boolean removable = d.device() == DiskDef.Device.CDROM || d.device() == DiskDef.Device.FLOPPY;
        if (removable) {
            LOG.info("domain " + domain + ": the medium " + path + " of " + d.target().dev()
                    + " is missing; starting with an empty drive (startupPolicy " + policy.xml() + ")");
            DiskSource empty = switch (d.location()) {
                case DiskSource.Block b -> new DiskSource.Block(null);
                case DiskSource.Dir x -> new DiskSource.Dir(null);
                case DiskSource.File f -> new DiskSource.File(null);
                case DiskSource.Volume v -> new DiskSource.File(null);
                case NetworkSource n -> n;
                case DiskSource.Nvme n -> n;
                case DiskSource.VhostUser v -> v;
            };
            return d.toBuilder().source(StorageSource.of(empty, d.format())).build();
        }
        if (policy == DiskDef.StartupPolicy.OPTIONAL) {
            LOG.info("domain " + domain + ": the image " + path + " of disk " + d.target().dev()
                    + " is missing; starting without the disk (startupPolicy optional)");
            return null;
        }
        return d;
    }

    private static DiskDef resolve(String domain, String refused, DiskDef d, PoolObj p) {
        String dev = d.target().dev();
        String pool = p.name();
        String volume = d.volume().volume();
        StoragePool sp = p.active();
        if (sp == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + domain + "' " + refused + ": its disk " + dev
                    + " uses storage pool '" + pool + "', which is not active; start it with 'jvirt pool-start "
                    + pool + "'.");
        }
        VolumeInfo v;
        try {
            v = sp.volume(volume);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                throw new DaemonException(ErrorCode.NOT_FOUND, "domain '" + domain + "' " + refused + ": its disk " + dev
                        + " uses volume '" + volume + "', which storage pool '" + pool + "' does not have; see "
                        + "'jvirt vol-list " + pool + "'.", e);
            }
            throw new DaemonException(StorageErrors.code(e.kind()), "domain '" + domain + "' " + refused + ": its disk "
                    + dev + " uses volume '" + volume + "' of storage pool '" + pool + "': " + e.getMessage(), e);
        }
        DiskFormat format = DiskFormat.valueOf(v.format().name());
        return d.withResolvedVolume(v.path().toString(), format);
    }

    /**
     * What the domain holds: each local disk image in its mode, and for reading each image below
     * it: the backing chain the definition gives, or else the one read from a qcow2 image. A
     * directory shown as a FAT disk is held for reading; network, NVMe and vhost-user disks
     * have no local image to hold.
     */
    static List<DiskLocks.Request> requests(DomainDef def) {
        List<DiskLocks.Request> out = new ArrayList<>();
        for (DiskDef d : def.devices().disks()) {
            String path = d.localPath();
            if (path == null) {
                continue;
            }
            DiskLocks.Mode mode = d.effectivelyReadonly() ? DiskLocks.Mode.READ
                    : d.shareable() ? DiskLocks.Mode.SHARED : DiskLocks.Mode.WRITE;
            Path image = Path.of(path);
            String dev = d.target().dev();
            out.add(new DiskLocks.Request(image, mode, dev, false));
            List<Path> chain = new ArrayList<>();
            for (StorageSource layer : d.source().chain()) {
                String p = layer.location().localPath();
                if (p != null) {
                    chain.add(Path.of(p));
                }
            }
            if (d.source().backing() == null) {
                chain.addAll(backingChain(image, d.format()));
            } else if (!d.source().chainEnds()) {
                StorageSource last = d.source().chain().getLast();
                if (last.location().localPath() != null) {
                    chain.addAll(backingChain(Path.of(last.location().localPath()), last.format()));
                }
            }
            for (Path b : chain) {
                out.add(new DiskLocks.Request(b, DiskLocks.Mode.READ, dev, true));
            }
        }
        return out;
    }

    /**
     * The images below a disk image, top first. Only a qcow2 image (as the definition declares
     * it: QEMU opens a disk without a format as raw) has a backing chain. An unreadable chain
     * locks what could be read; QEMU then reports the rest.
     */
    static List<Path> backingChain(Path image, DiskFormat declared) {
        if (declared != DiskFormat.QCOW2) {
            return List.of();
        }
        List<Path> chain = new ArrayList<>();
        // read without lock bytes (qemu-img info -U): the domain's QEMU takes them, and a running
        // domain's chain is read again after a daemon restart
        Images.OpenOptions o = new Images.OpenOptions(ImageFormat.QCOW2, true, null, true, ImageAccess.peek());
        try (DiskImage top = Images.open(image, o)) {
            for (Optional<DiskImage> b = top.backing(); b.isPresent(); b = b.get().backing()) {
                chain.add(b.get().path());
            }
        } catch (ImageException e) {
            LOG.warning("cannot read the backing chain of " + image + ": " + e.getMessage());
        }
        return chain;
    }

    private static String refusal(String domain, String refused, DiskLocks.Conflict c) {
        DiskLocks.Request want = c.wanted();
        DiskLocks.Request has = c.held().request();
        String image = want.image().toString();
        String mine = want.backing()
                ? "its disk " + want.disk() + " reads the backing image " + image
                : switch (want.mode()) {
                    case WRITE -> "its disk " + want.disk() + " writes to " + image;
                    case SHARED -> "its shareable disk " + want.disk() + " writes to " + image;
                    case READ -> "its read-only disk " + want.disk() + " reads " + image;
                };
        String theirs = switch (c.held().holder()) {
            case DiskLocks.DomainHolder d -> has.backing()
                    ? "domain '" + d.domain() + "' uses it as a backing image of its disk " + has.disk()
                    : switch (has.mode()) {
                        case WRITE -> "domain '" + d.domain() + "' writes to it (disk " + has.disk() + ")";
                        case SHARED -> "domain '" + d.domain() + "' writes to it as a shareable disk (" + has.disk()
                                + ")";
                        case READ -> "domain '" + d.domain() + "' reads it (read-only disk " + has.disk() + ")";
                    };
            case DiskLocks.JobHolder j -> DiskLocks.describe(j) + " is changing it";
        };
        String hint = switch (c.held().holder()) {
            case DiskLocks.JobHolder j -> "try again when it has finished";
            case DiskLocks.DomainHolder d -> want.mode() == DiskLocks.Mode.SHARED && has.mode() == DiskLocks.Mode.WRITE
                    || want.mode() == DiskLocks.Mode.WRITE && has.mode() == DiskLocks.Mode.SHARED
                    ? "mark the disk <shareable/> in both domains to share it, or stop domain '" + d.domain() + "' first"
                    : has.backing() || want.backing()
                            ? "give each domain its own overlay (jvirt vol-create-as --backing-vol), or stop domain '"
                                    + d.domain() + "' first"
                            : "stop domain '" + d.domain() + "' first (two domains may write one raw image together "
                                    + "only when both mark the disk <shareable/>)";
        };
        return "domain '" + domain + "' " + refused + ": " + mine + ", but " + theirs + "; " + hint + ".";
    }

    @Override
    public void adopt(String domain, DomainDef live) {
        List<DiskLocks.Conflict> found = locks.adopt(new DiskLocks.DomainHolder(domain), requests(live));
        for (DiskLocks.Conflict c : found) {
            LOG.warning("domain " + domain + " runs while " + DiskLocks.describe(c.held().holder()) + " also uses "
                    + c.wanted().image() + " in a way that conflicts");
        }
    }

    @Override
    public void unplug(String domain, DomainDef live) {
        locks.release(new DiskLocks.DomainHolder(domain));
    }
}
