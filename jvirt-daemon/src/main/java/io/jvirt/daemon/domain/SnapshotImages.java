package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.SnapshotInfo;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.ops.ChainEdits;
import io.jvirt.image.ops.Progress;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What snapshots ask of the image engine for images no QEMU has open: overlays and VM state
 * files made, internal snapshots taken, applied and deleted, a layer committed into its
 * backing. Every image is opened with QEMU's lock bytes, so an image another process uses is
 * refused, never written. Failures become {@link DaemonException}s that name the image.
 */
final class SnapshotImages {
    /** The virtual size of a VM state file: its data lives past the end of the (empty) disk. */
    private static final long VMSTATE_SIZE = 1L << 20;

    private SnapshotImages() {
    }

    /**
     * Makes a qcow2 overlay on {@code backing} (its size, its format), as qemu-img create -b.
     * An existing file is refused (the caller decides about reuse before).
     */
    static void createOverlay(Path overlay, Path backing, String backingFormat) {
        if (Files.exists(overlay)) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "the overlay file " + overlay + " already exists; "
                    + "remove it or give --reuse-external to use it.");
        }
        run(overlay, () -> Images.create(overlay, CreateOptions.builder(ImageFormat.QCOW2, -1)
                .backingFile(backing.toString())
                .backingFormat(backingFormat == null ? null : ImageFormat.parse(backingFormat)).build()));
        sync(overlay);
    }

    /** Makes an empty qcow2 file that receives a VM state (QEMU writes it past the disk's end). */
    static void createVmstate(Path file) {
        run(file, () -> Images.create(file, CreateOptions.builder(ImageFormat.QCOW2, VMSTATE_SIZE).build()));
        // it will hold the guest's memory: the owner alone may read it, as libvirt makes its save
        // files, before anything is written
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "Cannot make " + file + " private to its owner: "
                    + e.getMessage() + ".", e);
        }
        sync(file);
    }

    /** Takes the internal snapshot {@code tag} of a qcow2 image. */
    static void create(Path image, String tag) {
        withImage(image, q -> Qcow2Snapshots.create(q, tag));
    }

    /** Reverts a qcow2 image to its internal snapshot {@code tag}. */
    static void apply(Path image, String tag) {
        withImage(image, q -> Qcow2Snapshots.apply(q, tag));
    }

    /** Deletes the internal snapshot {@code tag} of a qcow2 image; nothing when it has none. */
    static void delete(Path image, String tag) {
        withImage(image, q -> {
            if (has(q, tag)) {
                Qcow2Snapshots.delete(q, tag);
            }
        });
    }

    /** Whether a qcow2 image has the internal snapshot {@code tag} (read without locking, as qemu-img -U). */
    static boolean hasSnapshot(Path image, String tag) {
        try (DiskImage img = Images.open(image, Images.OpenOptions.of(true).withBacking(false)
                .withAccess(ImageAccess.peek()))) {
            return img instanceof Qcow2Image q && has(q, tag);
        } catch (ImageException e) {
            throw failed(image, e);
        }
    }

    private static boolean has(Qcow2Image q, String tag) {
        for (SnapshotInfo s : q.snapshots()) {
            if (s.name().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes everything {@code top} holds into its backing image (qemu-img commit), leaving
     * {@code top} as it was; the caller then points the layer above (if any) at the backing and
     * removes {@code top}. Running it again after a crash writes the same data again.
     */
    static void commit(Path top) {
        run(top, () -> ChainEdits.commit(top, ImageFormat.QCOW2, true, Progress.NONE));
    }

    /** Points {@code image}'s header at another backing file without touching data (qemu-img rebase -u). */
    static void rebaseUnsafe(Path image, Path newBacking, String format) {
        run(image, () -> ChainEdits.rebase(image, newBacking.toString(),
                format == null ? null : ImageFormat.parse(format), true, Progress.NONE));
    }

    /** Makes a file's data durable. */
    static void sync(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot make " + file + " durable: " + e.getMessage()
                    + ".", e);
        }
    }

    private interface Work {
        void run();
    }

    private interface QcowWork {
        void run(Qcow2Image q);
    }

    private static void withImage(Path image, QcowWork work) {
        run(image, () -> {
            try (DiskImage img = Images.open(image, Images.OpenOptions.of(false).withBacking(false)
                    .withAccess(ImageAccess.write()))) {
                if (!(img instanceof Qcow2Image q)) {
                    throw new ImageException(ImageException.Kind.UNSUPPORTED, image, "Image " + image + " is in "
                            + img.format().qemuName() + " format, which has no internal snapshots.");
                }
                work.run(q);
            }
        });
    }

    private static void run(Path image, Work w) {
        try {
            w.run();
        } catch (ImageException e) {
            throw failed(image, e);
        }
    }

    static DaemonException failed(Path image, ImageException e) {
        ErrorCode code = switch (e.kind()) {
            case NOT_FOUND, BACKING -> ErrorCode.NOT_FOUND;
            case IN_USE -> ErrorCode.IN_USE;
            case EXISTS -> ErrorCode.ALREADY_EXISTS;
            case IO -> ErrorCode.HOST_RESOURCE;
            case UNSUPPORTED, UNKNOWN_FORMAT -> ErrorCode.UNSUPPORTED;
            case INVALID_ARGUMENT, READ_ONLY -> ErrorCode.INVALID_ARGUMENT;
            case TRUNCATED, CORRUPT, TOO_LARGE, REFCOUNT_OVERFLOW -> ErrorCode.HOST_RESOURCE;
        };
        String m = e.getMessage();
        return new DaemonException(code, m.contains(image.toString()) ? m : "image " + image + ": " + m, e);
    }
}
