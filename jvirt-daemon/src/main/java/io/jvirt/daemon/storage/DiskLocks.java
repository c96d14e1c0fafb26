package io.jvirt.daemon.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which disk images are in use, and how: the daemon's lock table. A domain that writes an
 * image holds it exclusively; read-only disks and every image below an overlay (its backing
 * chain) are held for reading, which many domains may share; a {@code <shareable/>} disk is
 * held for shared writing, which only other shareable disks may join. Volume operations that
 * change a file (delete, wipe, upload, resize) hold it exclusively while they run.
 *
 * <p>Images are identified by device and inode, so two paths to one file (a symbolic link, a
 * bind mount) are one image. The table lives in memory only: after a restart the daemon takes
 * the locks again from the live definitions of the domains still running, and a domain's
 * locks go when its QEMU has ended, however that happened. Every method is atomic (one
 * monitor, never held across I/O other than a stat).
 */
public final class DiskLocks {

    /** How an image is held. */
    public enum Mode {
        /** Written by one holder; nobody else may use the image. */
        WRITE,
        /** Written by a shareable disk; other shareable disks may write it too, nobody may only read it. */
        SHARED,
        /** Read (a read-only disk or a backing image); others may read it too, nobody may write it. */
        READ;

        boolean compatibleWith(Mode other) {
            return switch (this) {
                case WRITE -> false;
                case SHARED -> other == SHARED;
                case READ -> other == READ;
            };
        }
    }

    /** Who holds a lease. */
    public sealed interface Holder {
    }

    /**
     * A domain's disks.
     *
     * @param domain the domain name
     */
    public record DomainHolder(String domain) implements Holder {
    }

    /**
     * A volume operation while it runs.
     *
     * @param verb the virsh verb, such as vol-wipe
     * @param pool the pool
     * @param volume the volume
     */
    public record JobHolder(String verb, String pool, String volume) implements Holder {
    }

    /**
     * One image wanted.
     *
     * @param image the file or device
     * @param mode how
     * @param disk the guest disk (target dev) it serves, or null for a volume operation
     * @param backing true when the image is in the backing chain of that disk, not the disk itself
     */
    public record Request(Path image, Mode mode, String disk, boolean backing) {
    }

    /**
     * A granted request.
     *
     * @param holder who holds it
     * @param request what was asked
     */
    public record Lease(Holder holder, Request request) {
    }

    /**
     * A refused request: what was asked, and one lease (the first by holder) that stands in the way.
     *
     * @param wanted the request that cannot be granted
     * @param held the lease it conflicts with
     */
    public record Conflict(Request wanted, Lease held) {
    }

    private final Map<Object, List<Lease>> byImage = new HashMap<>();

    /**
     * Grants all requests or none.
     *
     * @param holder who asks; its own leases never conflict with its requests
     * @param requests the images and modes
     * @return null when granted, else the first conflict
     */
    public synchronized Conflict tryAcquire(Holder holder, List<Request> requests) {
        List<Object> keys = new ArrayList<>(requests.size());
        for (Request r : requests) {
            Object key = identity(r.image());
            keys.add(key);
            List<Lease> held = byImage.getOrDefault(key, List.of()).stream()
                    .filter(l -> !l.holder().equals(holder) && !r.mode().compatibleWith(l.request().mode()))
                    .sorted(Comparator.comparing(l -> describe(l.holder())))
                    .toList();
            if (!held.isEmpty()) {
                return new Conflict(r, held.getFirst());
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            byImage.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(new Lease(holder, requests.get(i)));
        }
        return null;
    }

    /**
     * Records leases without checking them: for domains found running after a restart.
     *
     * @param holder the holder
     * @param requests the images and modes
     * @return the conflicts that exist anyway (for a warning), possibly empty
     */
    public synchronized List<Conflict> adopt(Holder holder, List<Request> requests) {
        List<Conflict> found = new ArrayList<>();
        for (Request r : requests) {
            List<Lease> list = byImage.computeIfAbsent(identity(r.image()), k -> new ArrayList<>());
            for (Lease l : list) {
                if (!l.holder().equals(holder) && !r.mode().compatibleWith(l.request().mode())) {
                    found.add(new Conflict(r, l));
                }
            }
            list.add(new Lease(holder, r));
        }
        return found;
    }

    /**
     * Releases every lease of a holder.
     *
     * @param holder the holder
     */
    public synchronized void release(Holder holder) {
        byImage.values().forEach(list -> list.removeIf(l -> l.holder().equals(holder)));
        byImage.values().removeIf(List::isEmpty);
    }

    /**
     * Releases the leases a holder took for one of its disks (the disk's image and its backing
     * images), as when a disk is detached from a running domain.
     *
     * @param holder the holder
     * @param disk the disk's target name, as its requests named it
     */
    public synchronized void release(Holder holder, String disk) {
        byImage.values().forEach(list -> list.removeIf(l -> l.holder().equals(holder) && disk.equals(l.request().disk())));
        byImage.values().removeIf(List::isEmpty);
    }

    /**
     * The leases on one image.
     *
     * @param image a file
     * @return its leases, sorted by holder
     */
    public synchronized List<Lease> leases(Path image) {
        return byImage.getOrDefault(identity(image), List.of()).stream()
                .sorted(Comparator.comparing(l -> describe(l.holder()))).toList();
    }

    /**
     * The domains holding any image inside a directory (directly in it or below).
     *
     * @param dir a pool directory
     * @return the leases there, sorted by holder
     */
    public synchronized List<Lease> leasesUnder(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        Path real = realOrSelf(d);
        List<Lease> out = new ArrayList<>();
        for (List<Lease> list : byImage.values()) {
            for (Lease l : list) {
                Path p = l.request().image().toAbsolutePath().normalize();
                if (p.startsWith(d) || p.startsWith(real)) {
                    out.add(l);
                }
            }
        }
        out.sort(Comparator.comparing(l -> describe(l.holder())));
        return out;
    }

    /** The names of the domains holding an image, sorted, without repeats. */
    public List<String> domainsUsing(Path image) {
        return leases(image).stream().map(Lease::holder).filter(h -> h instanceof DomainHolder)
                .map(h -> ((DomainHolder) h).domain()).distinct().toList();
    }

    /** A holder in words: {@code domain 'vm1'} or {@code a running vol-wipe of volume 'v' in pool 'p'}. */
    public static String describe(Holder h) {
        return switch (h) {
            case DomainHolder d -> "domain '" + d.domain() + "'";
            case JobHolder j -> "a running " + j.verb() + " of volume '" + j.volume() + "' in pool '" + j.pool() + "'";
        };
    }

    /** Device and inode of an existing file; its normalized absolute path otherwise. */
    private static Object identity(Path image) {
        try {
            Object key = Files.readAttributes(image, BasicFileAttributes.class).fileKey();
            if (key != null) {
                return key;
            }
        } catch (IOException missing) {
            // QEMU reports a missing image; the path still keeps two starts apart
        }
        return Objects.requireNonNull(image).toAbsolutePath().normalize().toString();
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
