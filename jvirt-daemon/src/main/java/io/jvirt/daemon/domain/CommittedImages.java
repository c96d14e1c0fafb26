package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.image.ImageException;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.lock.LockPerms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * {@code blockcommit --delete}: once a commit took effect, the images whose data it merged
 * down (the top down to the base, the base kept) are deleted, as libvirt's
 * qemuBlockJobDeleteImages does. Unlike libvirt, an image is deleted only when nothing uses it
 * any more: no chain of the domain's live definition, no other domain's (or job's) disk lease
 * in the daemon, and no other process's QEMU image lock (an exclusive OFD lock is taken on it
 * and held while it is unlinked). An image that is still used is kept, with a warning.
 */
final class CommittedImages {
    private static final Logger LOG = Logger.getLogger(CommittedImages.class.getName());

    /** What {@link #delete} did. */
    record Outcome(List<String> deleted, List<String> kept) {
        Outcome {
            deleted = List.copyOf(deleted);
            kept = List.copyOf(kept);
        }
    }

    private CommittedImages() {
    }

    /**
     * The images a completed job merged away: a commit's top down to (not including) its base,
     * an active commit's layers above its base once it pivoted; none for another job.
     */
    static List<String> mergedAway(BlockJobState s) {
        return switch (s.type) {
            case COMMIT -> s.before.subList(s.topIndex, s.baseIndex);
            case ACTIVE_COMMIT -> s.pivotRequested ? s.before.subList(0, s.baseIndex) : List.of();
            case PULL, COPY -> List.of();
        };
    }

    /**
     * Deletes those of {@code candidates} that nothing uses any more.
     *
     * @param domain the domain, for messages
     * @param live its live definition now (its chains are in use)
     * @param holders the daemon's holders of an image other than this domain, in words
     */
    static Outcome delete(String domain, DomainDef live, List<String> candidates,
                          Function<Path, List<String>> holders) {
        Set<String> inUse = new HashSet<>();
        if (live != null) {
            for (DiskDef d : live.devices().disks()) {
                inUse.addAll(SnapshotDisks.chainFiles(d));
            }
        }
        List<String> deleted = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String f : candidates) {
            Path p = Path.of(f);
            String why = null;
            if (inUse.contains(f)) {
                why = "domain '" + domain + "' still uses it";
            } else {
                List<String> others = holders.apply(p).stream().filter(h -> !h.equals("domain '" + domain + "'"))
                        .toList();
                if (!others.isEmpty()) {
                    why = String.join(" and ", others) + " use" + (others.size() == 1 ? "s" : "") + " it";
                }
            }
            if (why == null && Files.exists(p)) {
                why = unlinkUnlocked(p);
            }
            if (why == null) {
                deleted.add(f);
            } else {
                kept.add(f);
                LOG.warning("domain " + domain + ": blockcommit --delete keeps " + f + ": " + why + ".");
            }
        }
        return new Outcome(deleted, kept);
    }

    /** Unlinks an image while holding every lock byte of it; the reason it stays, or null. */
    private static String unlinkUnlocked(Path p) {
        try (ImageLock ignored = ImageLock.acquire(p, LockPerms.EXCLUSIVE)) {
            Files.deleteIfExists(p);
            return null;
        } catch (ImageException e) {
            return e.kind() == ImageException.Kind.IN_USE ? "another process (such as QEMU or qemu-img) holds its "
                    + "image lock" : e.getMessage();
        } catch (IOException e) {
            return "it cannot be removed: " + e.getMessage();
        }
    }
}
