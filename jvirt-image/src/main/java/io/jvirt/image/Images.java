package io.jvirt.image;

import io.jvirt.image.internal.FileIo;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.lock.ImageLease;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.lock.QemuPerms;
import io.jvirt.image.qcow2.Qcow2Backing;
import io.jvirt.image.qcow2.Qcow2Creator;
import io.jvirt.image.qcow2.Qcow2Header;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.raw.RawImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Entry point of the image engine: detect a format, open an image (with its backing chain),
 * create one. Every open and create takes QEMU's lock bytes on each file it uses ({@link
 * ImageLock}), as qemu-img would for the same access, and keeps them until the image is closed:
 * an image QEMU or qemu-img uses in a conflicting way is refused with an {@link ImageException}
 * of kind {@code IN_USE}, before anything is read or written.
 *
 * <pre>{@code
 * Images.create(path, CreateOptions.builder(ImageFormat.QCOW2, 10L << 30).build());
 * try (DiskImage img = Images.open(path, false)) {
 *     img.write(0, data, 0, data.length);
 * }
 * }</pre>
 */
public final class Images {

    /** Longest backing chain accepted. */
    public static final int MAX_CHAIN = 64;

    private Images() {
    }

    /**
     * Options for opening an image.
     *
     * @param format declared format, or null to detect it by magic
     * @param readOnly whether to refuse writes
     * @param backingRoot when not null, every backing file must resolve inside this directory
     * @param openBacking whether to open backing files at all
     * @param access what the image is used for, which decides its lock bytes; null for
     *     qemu-img's plain read or write by {@code readOnly}
     * @param cache how writes to the image (not its backing files) reach the disk; null for
     *     {@link WriteCache#WRITEBACK}
     */
    public record OpenOptions(ImageFormat format, boolean readOnly, Path backingRoot, boolean openBacking,
                              ImageAccess access, WriteCache cache) {

        /**
         * Options with the default write cache.
         *
         * @param format declared format, or null to detect it by magic
         * @param readOnly whether to refuse writes
         * @param backingRoot when not null, every backing file must resolve inside this directory
         * @param openBacking whether to open backing files at all
         * @param access what the image is used for (its lock bytes), or null
         */
        public OpenOptions(ImageFormat format, boolean readOnly, Path backingRoot, boolean openBacking,
                ImageAccess access) {
            this(format, readOnly, backingRoot, openBacking, access, null);
        }

        /**
         * Options with the plain access of {@code readOnly}.
         *
         * @param format declared format, or null to detect it by magic
         * @param readOnly whether to refuse writes
         * @param backingRoot when not null, every backing file must resolve inside this directory
         * @param openBacking whether to open backing files at all
         */
        public OpenOptions(ImageFormat format, boolean readOnly, Path backingRoot, boolean openBacking) {
            this(format, readOnly, backingRoot, openBacking, null);
        }

        /**
         * @param readOnly whether to refuse writes
         * @return options with detection and an unconfined backing chain
         */
        public static OpenOptions of(boolean readOnly) {
            return new OpenOptions(null, readOnly, null, true);
        }

        /**
         * @param a what the image is used for (its lock bytes)
         * @return a copy with that access
         */
        public OpenOptions withAccess(ImageAccess a) {
            return new OpenOptions(format, readOnly, backingRoot, openBacking, a, cache);
        }

        /**
         * @param c how writes reach the disk
         * @return a copy with that write cache
         */
        public OpenOptions withCache(WriteCache c) {
            return new OpenOptions(format, readOnly, backingRoot, openBacking, access, c);
        }

        /** @return the write cache in effect */
        public WriteCache effectiveCache() {
            return cache != null ? cache : WriteCache.WRITEBACK;
        }

        /** @return the access in effect: the one given, else qemu-img's plain read or write */
        public ImageAccess effectiveAccess() {
            return access != null ? access : readOnly ? ImageAccess.read() : ImageAccess.write();
        }

        /**
         * @param f declared format
         * @return a copy with that format
         */
        public OpenOptions withFormat(ImageFormat f) {
            return new OpenOptions(f, readOnly, backingRoot, openBacking, access, cache);
        }

        /**
         * @param open whether to open backing files
         * @return a copy
         */
        public OpenOptions withBacking(boolean open) {
            return new OpenOptions(format, readOnly, backingRoot, open, access, cache);
        }
    }

    /**
     * Detects a file's format by its magic bytes (never by its name), as qemu-img probes; see
     * {@link FormatProbe}. Raw is the answer only when no known signature is present.
     *
     * @param path the file
     * @return the format
     */
    public static ImageFormat probe(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] head = readAt(ch, 0, (int) Math.min(FormatProbe.SECTOR, size));
            byte[] tail = size < FormatProbe.SECTOR ? null : readAt(ch, size - FormatProbe.SECTOR, FormatProbe.SECTOR);
            return FormatProbe.detect(head, tail);
        } catch (NoSuchFileException e) {
            throw new ImageException(ImageException.Kind.NOT_FOUND, path, "Image " + path + " does not exist.", e);
        } catch (IOException e) {
            throw new ImageException(ImageException.Kind.NOT_FOUND, path,
                    "Image " + path + " cannot be read: " + e.getMessage() + ".", e);
        }
    }

    private static byte[] readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, position + b.position()) > 0) {
            // keep reading until the range is in or the file ends
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /**
     * Fails with the sentence of {@link ImageFormat#unreadable} unless the engine reads the format.
     *
     * @param path the image
     * @param format its format, detected or declared
     */
    public static void requireReadable(Path path, ImageFormat format) {
        if (!format.readable()) {
            throw format.unreadable(path);
        }
    }

    /**
     * Opens an image, detecting its format, with its backing chain.
     *
     * @param path the file
     * @param readOnly whether to refuse writes
     * @return the open image
     */
    public static DiskImage open(Path path, boolean readOnly) {
        return open(path, OpenOptions.of(readOnly));
    }

    /**
     * Opens an image.
     *
     * @param path the file
     * @param options how
     * @return the open image
     */
    public static DiskImage open(Path path, OpenOptions options) {
        return open(path, options, new HashSet<>(), 0);
    }

    private static DiskImage open(Path path, OpenOptions o, Set<Path> seen, int depth) {
        if (!Files.exists(path)) {
            throw new ImageException(ImageException.Kind.NOT_FOUND, path, "Image " + path + " does not exist.");
        }
        Path real = realPath(path);
        if (!seen.add(real)) {
            throw new ImageException(ImageException.Kind.BACKING, path,
                    "The backing chain of image " + path + " loops back to itself.");
        }
        if (depth > MAX_CHAIN) {
            throw new ImageException(ImageException.Kind.BACKING, path,
                    "The backing chain ending at image " + path + " is longer than " + MAX_CHAIN + " images.");
        }
        ImageFormat f = o.format() != null ? o.format() : probe(path);
        requireReadable(path, f);
        if (!o.readOnly() && !f.writable()) {
            throw new ImageException(ImageException.Kind.READ_ONLY, path,
                    "Image " + path + " is in " + f.qemuName() + " format, which can only be opened read-only.");
        }
        ImageLock lock = lock(path, f, o);
        try {
            return switch (f) {
                case RAW -> RawImage.open(path, o.readOnly(), o.format() == null, o.effectiveCache())
                        .holdUntilClosed(lock);
                case QCOW2 -> Qcow2Image.open(path, o.readOnly(), h -> o.openBacking()
                        ? openBacking(path, h.backingFile(), h.backingFormat(), o, seen, depth) : null,
                        o.effectiveCache()).holdUntilClosed(lock);
                case VMDK, VDI, VPC, VHDX, QED, QCOW -> ForeignBridge.open(path, f, b -> o.openBacking()
                        ? openBacking(path, b.name(), b.format(), o, seen, depth) : null).holdUntilClosed(lock);
                case PARALLELS, DMG, CLOOP, BOCHS, LUKS -> throw f.unreadable(path);
            };
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Takes the lock bytes of one file, as QEMU derives them from the access and the format. */
    private static ImageLock lock(Path path, ImageFormat f, OpenOptions o) {
        ImageAccess a = o.effectiveAccess();
        if (a.forceShare() && !o.readOnly()) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, path, "Image " + path
                    + " cannot be opened for writing with force-share (-U); force-share only applies to reading.");
        }
        return ImageLock.acquire(path, QemuPerms.file(f, a, !o.readOnly()));
    }

    /**
     * Takes the locks an open would take on an image and its backing chain, without keeping
     * the image open: for work that reads or repairs the file by other means (check). A top
     * image whose header cannot be read is locked alone; only a qcow2 image's chain is locked.
     *
     * @param path the image
     * @param options how it is used
     * @return the locks, released together on close
     */
    public static ImageLease lock(Path path, OpenOptions options) {
        if (!Files.exists(path)) {
            throw new ImageException(ImageException.Kind.NOT_FOUND, path, "Image " + path + " does not exist.");
        }
        ImageFormat f = options.format() != null ? options.format() : probe(path);
        ImageLock lock = lock(path, f, options);
        List<AutoCloseable> parts = new ArrayList<>(List.of(lock));
        try {
            Qcow2Header h = f == ImageFormat.QCOW2 && options.openBacking() ? headerOrNull(path) : null;
            if (h != null && h.backingFile() != null) {
                Set<Path> seen = new HashSet<>(Set.of(realPath(path)));
                parts.add(openBacking(path, h.backingFile(), h.backingFormat(), options, seen, 0));
            }
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return new ImageLease(parts);
    }

    private static Qcow2Header headerOrNull(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return Qcow2Header.read(new FileIo(ch, path));
        } catch (IOException | ImageException e) {
            return null;
        }
    }

    /**
     * The file an image names as its backing file, resolved as {@link #open} resolves it.
     *
     * @param image the image
     * @param name the backing file name in its header
     * @return the backing file's path
     * @throws ImageException of kind {@code BACKING} for a protocol or JSON name
     */
    public static Path backingPath(Path image, String name) {
        int colon = name.indexOf(':');
        int slash = name.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            throw new ImageException(ImageException.Kind.BACKING, image, "Image " + image + " names backing file '"
                    + name + "', a protocol or JSON specification, which this engine does not follow.");
        }
        return Qcow2Backing.resolve(image, name);
    }

    private static DiskImage openBacking(Path image, String name, String format, OpenOptions o, Set<Path> seen,
            int depth) {
        Path p = backingPath(image, name);
        if (o.backingRoot() != null) {
            Path root = realPath(o.backingRoot());
            Path target = Files.exists(p) ? realPath(p) : p.toAbsolutePath().normalize();
            if (!target.startsWith(root)) {
                throw new ImageException(ImageException.Kind.BACKING, image, "The backing file '" + name + "' of image "
                        + image + " lies outside the allowed directory " + o.backingRoot() + ".");
            }
        }
        if (!Files.exists(p)) {
            throw new ImageException(ImageException.Kind.BACKING, image,
                    "The backing file '" + name + "' of image " + image + " does not exist (looked for " + p + ").");
        }
        ImageFormat bf = format == null ? null : ImageFormat.parse(format);
        OpenOptions bo = new OpenOptions(bf, true, o.backingRoot(), true, QemuPerms.backing(o.effectiveAccess()));
        return open(p, bo, seen, depth + 1);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * Creates an image, replacing an existing file only when nobody uses it: the file is
     * locked as qemu-img create locks it before it is truncated.
     *
     * @param path target
     * @param options what to create; a size of -1 takes the backing file's size
     */
    public static void create(Path path, CreateOptions options) {
        Creation c = resolve(path, options);
        boolean existed = Files.exists(path);
        try (ImageLock lock = ImageLock.forCreate(path, c.options().format())) {
            write(lock.path(), c);
        } catch (RuntimeException e) {
            if (!existed && !(e instanceof ImageException ie && ie.kind() == ImageException.Kind.IN_USE)) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Creates an image in a file whose create lock the caller already holds ({@link
     * ImageLock#forCreate}), for work that changes the file before making it again (wiping a volume).
     *
     * @param lock the held lock; its file is the target
     * @param options what to create; a size of -1 takes the backing file's size
     */
    public static void create(ImageLock lock, CreateOptions options) {
        if (!lock.perms().equals(QemuPerms.create(options.format()))) {
            throw new IllegalArgumentException("the lock on " + lock.path() + " is not a create lock for "
                    + options.format().qemuName() + ": " + lock.perms());
        }
        write(lock.path(), resolve(lock.path(), options));
    }

    /** Options with the size and backing format taken from the backing file where needed. */
    private record Creation(CreateOptions options, String backingFormat) {
    }

    private static Creation resolve(Path path, CreateOptions options) {
        CreateOptions o = options;
        switch (o.format()) {
            case QCOW2, RAW -> { }
            case VMDK, VDI, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS ->
                    throw new ImageException(ImageException.Kind.UNSUPPORTED, path,
                    "The engine cannot create " + o.format().qemuName() + " images.");
        }
        String backingFormat = o.backingFormat() == null ? null : o.backingFormat().qemuName();
        if (o.backingFile() != null && (!o.unsafeBacking() || o.size() < 0)) {
            Path bp = Qcow2Backing.resolve(path, o.backingFile());
            // qemu-img create opens the backing file with force-share and no I/O: no lock byte
            OpenOptions bo = new OpenOptions(o.backingFormat(), true, null, true, ImageAccess.peek());
            try (DiskImage b = open(bp, bo)) {
                if (o.size() < 0) {
                    o = CreateOptions.builder(o.format(), b.virtualSize()).backingFile(o.backingFile())
                            .backingFormat(o.backingFormat()).clusterSize(o.clusterSize()).preallocation(o.preallocation())
                            .compressionType(o.compressionType()).lazyRefcounts(o.lazyRefcounts())
                            .refcountBits(o.refcountBits()).compat(o.compat()).unsafeBacking(o.unsafeBacking()).build();
                }
                if (backingFormat == null) {
                    backingFormat = b.format().qemuName();
                }
            }
        }
        return new Creation(o, backingFormat);
    }

    private static void write(Path path, Creation c) {
        CreateOptions o = c.options();
        switch (o.format()) {
            case QCOW2 -> Qcow2Creator.create(path, o, c.backingFormat());
            case RAW -> createRaw(path, o);
            case VMDK, VDI, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS ->
                    throw new ImageException(ImageException.Kind.UNSUPPORTED, path,
                    "The engine cannot create " + o.format().qemuName() + " images.");
        }
    }

    private static void createRaw(Path path, CreateOptions o) {
        // truncated in place: the file keeps its inode, which the create lock is on
        try (RawImage r = RawImage.open(path, false)) {
            r.resize(0);
            r.resize(o.size());
            switch (o.preallocation()) {
                case OFF, METADATA -> { }
                case FALLOC -> {
                    if (o.size() > 0 && !r.fallocate(0, o.size())) {
                        throw new ImageException(ImageException.Kind.UNSUPPORTED, path,
                                "The file system of " + path + " does not support fallocate.");
                    }
                }
                case FULL -> {
                    byte[] zero = new byte[1 << 20];
                    for (long p = 0; p < o.size(); p += zero.length) {
                        r.write(p, zero, 0, (int) Math.min(zero.length, o.size() - p));
                    }
                }
            }
        }
    }

}
