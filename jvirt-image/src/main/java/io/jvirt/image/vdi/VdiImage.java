package io.jvirt.image.vdi;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.AbstractForeignImage;
import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.Layout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A VDI image. The block map is held in memory; at open every allocated block is checked
 * to lie inside the file and not to overlap another block or the metadata.
 */
public final class VdiImage extends AbstractForeignImage {

    /** Block map entry of a block that was never written. */
    private static final int UNALLOCATED = 0xffffffff;
    /** Block map entry of a block that was discarded and reads as zeros. */
    private static final int ZERO = 0xfffffffe;

    private final VdiHeader header;
    private final int[] map;

    private VdiImage(ImageFile file, VdiHeader header, int[] map) {
        super(file, header.diskSize());
        this.header = header;
        this.map = map;
    }

    /**
     * Opens a file that carries the VDI signature at offset 0x40. On failure the file is
     * left open for the caller to close.
     *
     * @param file the image, owned by the returned reader
     * @return the reader
     * @throws ImageException if the image is malformed or uses unsupported features
     */
    public static VdiImage open(ImageFile file) {
        ImageFile f = file.as("VDI");
        ByteBuffer raw = f.read(0, VdiHeader.SIZE, ByteOrder.LITTLE_ENDIAN, "the header");
        if (raw.getInt(VdiHeader.SIGNATURE_OFFSET) != VdiHeader.SIGNATURE) {
            throw f.corrupt("the signature at offset 0x40 is missing");
        }
        VdiHeader header = VdiHeader.parse(f, raw);
        f.require(header.blockMap(), header.blocks() * 4L, "the block map");
        int[] map = new int[header.blocks()];
        f.read(header.blockMap(), header.blocks() * 4, ByteOrder.LITTLE_ENDIAN, "the block map")
                .asIntBuffer().get(map);
        validate(f, header, map);
        return new VdiImage(f, header, map);
    }

    private static void validate(ImageFile f, VdiHeader header, int[] map) {
        int allocated = 0;
        for (int entry : map) {
            if (entry != UNALLOCATED && entry != ZERO) {
                allocated++;
            }
        }
        long[] starts = new long[allocated];
        int n = 0;
        long span = header.blockSpan();
        for (int i = 0; i < map.length; i++) {
            int entry = map[i];
            if (entry == UNALLOCATED || entry == ZERO) {
                continue;
            }
            long start = header.dataOffset() + Integer.toUnsignedLong(entry) * span;
            f.require(start, usedBytes(header, i), "data block " + i);
            starts[n++] = start;
        }
        Layout.requireDisjoint(f, List.of(
                new Layout.Region(0, VdiHeader.SIZE, "the header"),
                new Layout.Region(header.blockMap(), header.blocks() * 4L, "the block map")),
                starts, span, "data block");
    }

    /** Bytes of block {@code index} that must be present: up to the end of the disk. */
    private static long usedBytes(VdiHeader header, int index) {
        long blockStart = (long) index * header.blockSize();
        return header.blockExtra() + Math.min(header.blockSize(), Math.max(0, header.diskSize() - blockStart));
    }

    @Override
    public String format() {
        return "vdi";
    }

    @Override
    public String subformat() {
        return header.imageType() == VdiHeader.TYPE_FIXED ? "fixed" : "dynamic";
    }

    @Override
    protected int readPiece(long offset, byte[] buf, int off, int len) {
        int block = (int) (offset / header.blockSize());
        int inBlock = (int) (offset % header.blockSize());
        int n = Math.min(len, header.blockSize() - inBlock);
        int entry = map[block];
        if (entry == UNALLOCATED || entry == ZERO) {
            zero(buf, off, n);
        } else {
            long start = header.dataOffset() + Integer.toUnsignedLong(entry) * header.blockSpan();
            file.readFully(start + header.blockExtra() + inBlock, buf, off, n, "data block " + block);
        }
        return n;
    }

    @Override
    protected Extent runAt(long offset) {
        long block = offset / header.blockSize();
        int entry = map[(int) block];
        long length = (block + 1) * header.blockSize() - offset;
        return switch (entry) {
            case UNALLOCATED -> hole(offset, length, Extent.Type.UNALLOCATED);
            case ZERO -> hole(offset, length, Extent.Type.ZERO);
            default -> data(offset, length, header.dataOffset() + Integer.toUnsignedLong(entry) * header.blockSpan()
                    + header.blockExtra() + offset % header.blockSize());
        };
    }
}
