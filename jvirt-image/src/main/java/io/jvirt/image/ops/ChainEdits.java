package io.jvirt.image.ops;

import io.jvirt.image.DiskImage;
import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.qcow2.Qcow2Backing;
import io.jvirt.image.qcow2.Qcow2Edits;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.raw.RawImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/**
 * qemu-img commit, rebase and resize, each holding the images it uses as qemu-img does (the
 * overlay written, the backing chain read, a commit's base written).
 */
public final class ChainEdits {

    private static final int CHUNK = 1 << 20;

    private ChainEdits() {
    }

    /**
     * Writes everything the top image allocates into its backing file, then empties the top
     * image unless asked to keep it.
     *
     * @param top top image path
     * @param format top format, or null to detect
     * @param keep keep the top image's data (-d)
     * @param progress progress receiver
     */
    public static void commit(Path top, ImageFormat format, boolean keep, Progress progress) {
        // the overlay is opened alone (its own clusters are all commit reads), then its backing
        // file for the commit job: written, read by nobody else but readers that share writes
        try (DiskImage t = Images.open(top, Images.OpenOptions.of(false).withFormat(format).withBacking(false))) {
            if (!(t instanceof Qcow2Image q) || q.header().backingFile() == null) {
                throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, top,
                        "Image " + top + " has no backing file to commit into.");
            }
            Path basePath = Images.backingPath(top, q.header().backingFile());
            if (!Files.exists(basePath)) {
                throw new ImageException(ImageException.Kind.BACKING, top, "The backing file '"
                        + q.header().backingFile() + "' of image " + top + " does not exist (looked for " + basePath + ").");
            }
            String bf = q.header().backingFormat();
            ImageFormat baseFormat = bf == null ? null : ImageFormat.parse(bf);
            Images.OpenOptions bo = Images.OpenOptions.of(false).withFormat(baseFormat)
                    .withAccess(ImageAccess.commitTarget(false));
            try (DiskImage base = Images.open(basePath, bo)) {
                byte[] buf = new byte[CHUNK];
                long size = Math.min(t.virtualSize(), base.virtualSize());
                long pos = 0;
                while (pos < size) {
                    Extent e = t.status(pos, Math.min(CHUNK, size - pos));
                    switch (e.type()) {
                        case UNALLOCATED -> { }
                        case ZERO -> base.writeZeroes(pos, e.length());
                        case DATA -> {
                            t.read(pos, buf, 0, (int) e.length());
                            base.write(pos, buf, 0, (int) e.length());
                        }
                    }
                    pos += e.length();
                    progress.update(100.0 * pos / size);
                }
                base.flush();
            }
            if (!keep) {
                q.discard(0, q.virtualSize());
            }
        }
        progress.update(100);
    }

    /**
     * Changes the backing file of a qcow2 image.
     *
     * @param top image path
     * @param newBacking new backing file name ("" or null for none)
     * @param newFormat new backing format, or null to detect
     * @param unsafe only rewrite the name (-u)
     * @param progress progress receiver
     */
    public static void rebase(Path top, String newBacking, ImageFormat newFormat, boolean unsafe, Progress progress) {
        rebase(top, newBacking, newFormat, unsafe, false, progress);
    }

    /**
     * Changes the backing file of a qcow2 image.
     *
     * @param top image path
     * @param newBacking new backing file name ("" or null for none)
     * @param newFormat new backing format, or null to detect
     * @param unsafe only rewrite the name (-u)
     * @param forceShare read the new backing file even while others write it (-U)
     * @param progress progress receiver
     */
    public static void rebase(Path top, String newBacking, ImageFormat newFormat, boolean unsafe, boolean forceShare,
                              Progress progress) {
        String name = newBacking == null || newBacking.isEmpty() ? null : newBacking;
        String fmtName = newFormat == null ? null : newFormat.qemuName();
        if (name != null && fmtName == null && Files.exists(Qcow2Backing.resolve(top, name))) {
            fmtName = Images.probe(Qcow2Backing.resolve(top, name)).qemuName();
        }
        Images.OpenOptions oo = Images.OpenOptions.of(false).withBacking(!unsafe);
        try (DiskImage t = Images.open(top, oo)) {
            if (!(t instanceof Qcow2Image q)) {
                throw new ImageException(ImageException.Kind.UNSUPPORTED, top,
                        "Image " + top + " is not qcow2, so it has no backing file to change.");
            }
            if (!unsafe) {
                DiskImage nb = name == null ? null : Images.open(Qcow2Backing.resolve(top, name),
                        new Images.OpenOptions(newFormat, true, null, true, ImageAccess.read().withForceShare(forceShare)));
                try {
                    copyDifferences(q, nb, progress);
                } finally {
                    if (nb != null) {
                        nb.close();
                    }
                }
            }
            Qcow2Edits.setBacking(q, name, fmtName);
        }
        progress.update(100);
    }

    private static void copyDifferences(Qcow2Image q, DiskImage nb, Progress progress) {
        byte[] old = new byte[CHUNK];
        byte[] neu = new byte[CHUNK];
        long size = q.virtualSize();
        long pos = 0;
        while (pos < size) {
            Extent e = q.status(pos, Math.min(CHUNK, size - pos));
            if (e.type() == Extent.Type.UNALLOCATED) {
                int len = (int) e.length();
                q.read(pos, old, 0, len);
                Arrays.fill(neu, 0, len, (byte) 0);
                if (nb != null && pos < nb.virtualSize()) {
                    nb.read(pos, neu, 0, (int) Math.min(len, nb.virtualSize() - pos));
                }
                int cs = q.clusterSize();
                for (int i = 0; i < len; i += cs) {
                    int n = Math.min(cs, len - i);
                    if (Arrays.mismatch(old, i, i + n, neu, i, i + n) >= 0) {
                        q.write(pos + i, old, i, n);
                    }
                }
            }
            pos += e.length();
            progress.update(100.0 * pos / size);
        }
    }

    /**
     * Resizes an image.
     *
     * @param path image
     * @param format format, or null to detect
     * @param newSize new virtual size
     * @param shrink whether shrinking is allowed (--shrink)
     */
    public static void resize(Path path, ImageFormat format, long newSize, boolean shrink) {
        resize(path, format, current -> newSize, shrink);
    }

    /**
     * Resizes an image to a size computed from its current one (+size, -size), in one open.
     *
     * @param path image
     * @param format format, or null to detect
     * @param newSize the new virtual size from the current one
     * @param shrink whether shrinking is allowed (--shrink)
     * @return the new size
     */
    public static long resize(Path path, ImageFormat format, LongUnaryOperator newSize, boolean shrink) {
        try (DiskImage img = Images.open(path, resizeOptions(format))) {
            long target = newSize.applyAsLong(img.virtualSize());
            resize(img, target, shrink);
            return target;
        }
    }

    /**
     * How resize opens an image: written and resized, with its backing chain read (qemu-img
     * resize opens the chain too).
     *
     * @param format format, or null to detect
     * @return the options
     */
    public static Images.OpenOptions resizeOptions(ImageFormat format) {
        return Images.OpenOptions.of(false).withFormat(format).withAccess(ImageAccess.write().withResize());
    }

    /**
     * Resizes an open image.
     *
     * @param img the image, open for writing ({@link #resizeOptions})
     * @param newSize new virtual size
     * @param shrink whether shrinking is allowed (--shrink)
     */
    public static void resize(DiskImage img, long newSize, boolean shrink) {
        Path path = img.path();
        if (newSize < 0) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, path, "The new size must not be negative.");
        }
        if (newSize < img.virtualSize() && !shrink) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, path,
                    "Use the --shrink option to perform a shrink operation.");
        }
        switch (img) {
            case Qcow2Image q -> Qcow2Edits.resize(q, newSize);
            case RawImage r -> r.resize(newSize);
            default -> throw new ImageException(ImageException.Kind.UNSUPPORTED, path,
                    "Image " + path + " is in " + img.format().qemuName() + " format, which cannot be resized.");
        }
    }
}
