package io.jvirt.image.vhdx;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.AbstractForeignImage;
import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.LruCache;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A VHDX image (Hyper-V), fixed, dynamic or differencing, read-only. Opening reads the current
 * header, replays a non-empty log in memory, reads the region table, the metadata and the BAT
 * and checks them against the file. Payload blocks that are not stored read as zeros (or from
 * the parent of a differencing file); blocks marked zero, undefined or unmapped read as zeros.
 */
public final class VhdxImage extends AbstractForeignImage {

    private static final int CACHED_BITMAPS = 64;

    private final ReplayedFile replayed;
    private final VhdxHeader header;
    private final VhdxMetadata metadata;
    private final Bat bat;
    private final LruCache<byte[]> bitmaps = new LruCache<>(CACHED_BITMAPS);

    private VhdxImage(ImageFile file, ReplayedFile replayed, VhdxHeader header, VhdxMetadata metadata, Bat bat) {
        super(file, metadata.virtualSize());
        this.replayed = replayed;
        this.header = header;
        this.metadata = metadata;
        this.bat = bat;
    }

    /**
     * Opens a file that starts with the signature {@code vhdxfile}. On failure the file is left
     * open for the caller.
     *
     * @param file the image, owned by the returned reader
     * @return the reader
     * @throws io.jvirt.image.ImageException if the image is malformed or uses unsupported features
     */
    public static VhdxImage open(ImageFile file) {
        ImageFile f = file.as("VHDX");
        if (f.size() < VhdxHeader.SECTION) {
            throw f.truncated("the file is shorter than the 1 MiB header section");
        }
        byte[] signature = new byte[8];
        f.readFully(0, signature, 0, 8, "the file identifier");
        if (!Arrays.equals(signature, "vhdxfile".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw f.corrupt("the file does not start with the signature 'vhdxfile'");
        }
        VhdxHeader header = VhdxHeader.current(f);
        ReplayedFile replayed = VhdxLog.replay(f, header);
        RegionTable regions = RegionTable.read(replayed, header);
        VhdxMetadata metadata = VhdxMetadata.read(replayed, regions);
        Bat bat = Bat.load(replayed, regions, metadata);
        return new VhdxImage(f, replayed, header, metadata, bat);
    }

    @Override
    public String format() {
        return "vhdx";
    }

    @Override
    public String subformat() {
        return metadata.hasParent() ? "differencing" : metadata.fixed() ? "fixed" : "dynamic";
    }

    /** @return the payload block size, which qemu-img reports as the cluster size */
    @Override
    public int clusterSize() {
        return metadata.blockSize();
    }

    /** @return whether the log held updates that were replayed in memory at open */
    public boolean logReplayed() {
        return replayed.replayed();
    }

    /** @return the parent locator's entries of a differencing file (empty otherwise) */
    public Map<String, String> parentLocator() {
        return metadata.parentLocator();
    }

    /** @return the data write GUID of the current header, as a parent locator writes it: in braces */
    public String dataWriteGuid() {
        return "{" + header.dataWriteGuid() + "}";
    }

    /**
     * The parent of a differencing file, by its locator's {@code relative_path} with Windows
     * separators turned into slashes; always a VHDX file.
     *
     * @throws io.jvirt.image.ImageException of kind BACKING when the locator gives only Windows
     *     volume or absolute paths, which cannot name a file here
     */
    @Override
    public Optional<BackingFile> backingFile() {
        if (!metadata.hasParent()) {
            return Optional.empty();
        }
        String relative = metadata.parentLocator().get("relative_path");
        if (relative == null || relative.isEmpty()) {
            throw new ImageException(ImageException.Kind.BACKING, file.path(), "image " + file.path()
                    + " is a differencing VHDX file whose parent locator gives no relative_path, only "
                    + metadata.parentLocator().keySet() + ", which cannot name a file on this host.");
        }
        return Optional.of(new BackingFile(relative.replace('\\', '/'), "vhdx"));
    }

    /**
     * Checks that the parent's data write GUID is one the locator's {@code parent_linkage} or
     * {@code parent_linkage2} names, and that both use the same logical sector size.
     */
    @Override
    public void checkBacking(ForeignImage parent) {
        if (!metadata.hasParent()) {
            return;
        }
        if (!(parent instanceof VhdxImage p)) {
            throw new ImageException(ImageException.Kind.BACKING, file.path(), "The parent of differencing VHDX image "
                    + file.path() + " is not a VHDX file.");
        }
        String linkage = metadata.parentLocator().get("parent_linkage");
        String linkage2 = metadata.parentLocator().get("parent_linkage2");
        String actual = p.dataWriteGuid();
        if (!actual.equalsIgnoreCase(linkage == null ? "" : linkage)
                && !actual.equalsIgnoreCase(linkage2 == null ? "" : linkage2)) {
            throw new ImageException(ImageException.Kind.BACKING, file.path(), "The parent " + p.file.path()
                    + " of differencing VHDX image " + file.path() + " has the data write GUID " + actual
                    + ", but the child was made on " + linkage + "; the parent changed since, so the child cannot be"
                    + " read on it.");
        }
        if (p.metadata.logicalSectorSize() != metadata.logicalSectorSize()) {
            throw new ImageException(ImageException.Kind.BACKING, file.path(), "The parent " + p.file.path()
                    + " has " + p.metadata.logicalSectorSize() + "-byte sectors and differencing VHDX image "
                    + file.path() + " has " + metadata.logicalSectorSize() + "-byte sectors; they must match.");
        }
    }

    @Override
    protected int readPiece(long offset, byte[] buf, int off, int len) {
        Extent run = runAt(offset);
        int n = (int) Math.min(len, run.end() - offset);
        if (run.type() == Extent.Type.DATA) {
            replayed.readFully(host(offset), buf, off, n, "payload block " + offset / metadata.blockSize());
        } else {
            zero(buf, off, n);
        }
        return n;
    }

    @Override
    protected Extent runAt(long offset) {
        long blockSize = metadata.blockSize();
        long block = offset / blockSize;
        long blockEnd = (block + 1) * blockSize;
        long entry = bat.payload(block);
        return switch (Bat.state(entry)) {
            case Bat.NOT_PRESENT -> hole(offset, blockEnd - offset, Extent.Type.UNALLOCATED);
            case Bat.FULLY_PRESENT -> data(offset, blockEnd - offset, hostOffsetIfInFile(offset, blockEnd - offset));
            case Bat.PARTIALLY_PRESENT -> bitmapRun(offset, block, blockEnd);
            default -> hole(offset, blockEnd - offset, Extent.Type.ZERO);
        };
    }

    private Extent bitmapRun(long offset, long block, long blockEnd) {
        int sectorSize = metadata.logicalSectorSize();
        byte[] bits = bitmaps.get(block, this::loadBitmap);
        long blockStart = block * metadata.blockSize();
        int sector = (int) ((offset - blockStart) / sectorSize);
        boolean present = bit(bits, sector);
        int sectors = (int) (metadata.blockSize() / sectorSize);
        int last = sector + 1;
        while (last < sectors && bit(bits, last) == present) {
            last++;
        }
        long end = Math.min(blockEnd, blockStart + (long) last * sectorSize);
        return present ? data(offset, end - offset, hostOffsetIfInFile(offset, end - offset))
                : hole(offset, end - offset, Extent.Type.UNALLOCATED);
    }

    private static boolean bit(byte[] bits, int sector) {
        return (bits[sector >>> 3] & (1 << (sector & 7))) != 0;
    }

    /** The part of the chunk's sector bitmap that covers one payload block. */
    private byte[] loadBitmap(long block) {
        long chunkRatio = metadata.chunkRatio();
        long bitmapAt = Bat.offset(bat.bitmap(block / chunkRatio));
        int bytes = (int) (metadata.blockSize() / metadata.logicalSectorSize() / 8);
        long at = bitmapAt + (block % chunkRatio) * bytes;
        byte[] bits = new byte[bytes];
        replayed.readFully(at, bits, 0, bytes, "the sector bitmap of payload block " + block);
        return bits;
    }

    private long host(long offset) {
        long blockSize = metadata.blockSize();
        return Bat.offset(bat.payload(offset / blockSize)) + offset % blockSize;
    }

    private long hostOffsetIfInFile(long offset, long length) {
        long at = host(offset);
        return at + length <= file.size() && !replayed.replayed() ? at : -1;
    }
}
