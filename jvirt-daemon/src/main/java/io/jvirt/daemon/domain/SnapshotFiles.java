package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotDiskDef;
import io.jvirt.conf.snapshot.SnapshotLocation;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.qcow2.Qcow2Image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which images of a domain's external snapshots jvirt made and which are still needed, so that
 * a revert or a delete removes exactly the files nothing refers to any more. jvirt made a
 * file when it is a snapshot's overlay ({@code <disks><disk><source>}) or a revert's overlay
 * beside it ({@code OVERLAY-revertN}). A file is needed when a disk of the domain uses it, when
 * it is the image a snapshot was taken of, or when it lies below one of those in a backing
 * chain (read from the images' headers).
 */
final class SnapshotFiles {
    private static final Pattern REVERT = Pattern.compile("-revert\\d+$");

    private final Set<String> overlays = new HashSet<>();
    private final Set<String> roots = new HashSet<>();
    private Set<String> needed;

    private SnapshotFiles() {
    }

    static SnapshotFiles of(DomainObj obj) {
        SnapshotFiles f = new SnapshotFiles();
        for (SnapshotDef s : obj.snapshots().all()) {
            for (SnapshotDiskDef d : s.disks()) {
                if (d.snapshot() == SnapshotLocation.EXTERNAL && d.source() != null) {
                    f.overlays.add(d.source());
                }
            }
            if (s.domain() != null) {
                f.addChains(s.domain());
            }
        }
        for (DomainDef d : new DomainDef[] {obj.liveDef(), obj.persistentDef()}) {
            if (d != null) {
                f.addChains(d);
            }
        }
        return f;
    }

    private void addChains(DomainDef def) {
        for (DiskDef d : def.devices().disks()) {
            roots.addAll(SnapshotDisks.chainFiles(d));
        }
    }

    /** Whether jvirt made {@code path} for a snapshot or a revert. */
    boolean owned(String path) {
        return overlays.contains(path) || overlays.contains(REVERT.matcher(path).replaceFirst(""));
    }

    /** Whether anything still needs {@code path}. */
    boolean needed(String path) {
        if (needed == null) {
            needed = closure(roots);
        }
        return needed.contains(path);
    }

    /** Every file of {@code start} and the backing files below them. */
    static Set<String> closure(Set<String> start) {
        Set<String> out = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String p = todo.poll();
            if (!out.add(p)) {
                continue;
            }
            String b = backingOf(Path.of(p));
            if (b != null) {
                todo.add(b);
            }
        }
        return out;
    }

    /** The backing file a qcow2 image names (absolute), or null. */
    static String backingOf(Path image) {
        if (!Files.isRegularFile(image)) {
            return null;
        }
        try (DiskImage img = Images.open(image, Images.OpenOptions.of(true).withBacking(false)
                .withAccess(ImageAccess.peek()))) {
            if (img instanceof Qcow2Image q && q.header().backingFile() != null) {
                return Images.backingPath(image, q.header().backingFile()).toString();
            }
            return null;
        } catch (ImageException e) {
            return null;
        }
    }

    /** Every file whose header names {@code image} as its backing, among {@code candidates}. */
    static List<String> overlaysOf(String image, Set<String> candidates) {
        return candidates.stream().filter(c -> image.equals(backingOf(Path.of(c)))).toList();
    }

    /** Every file this domain's chains, snapshots and their overlays mention. */
    Set<String> known() {
        Set<String> all = new HashSet<>(roots);
        all.addAll(overlays);
        return closure(all);
    }
}
