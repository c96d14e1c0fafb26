package io.jvirt.image.vmdk;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.AbstractForeignImage;
import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.Layout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A single-file sparse VMDK image: {@code monolithicSparse} with plain grains or
 * {@code streamOptimized} with deflate-compressed grains.
 */
public final class VmdkImage extends AbstractForeignImage {

    private static final int MARKER_END_OF_STREAM = 0;
    private static final int MARKER_FOOTER = 3;

    private final SparseHeader header;
    private final GrainDirectory directory;
    private final CompressedGrains compressed;

    private VmdkImage(ImageFile file, SparseHeader header, GrainDirectory directory) {
        super(file, header.capacity() * 512);
        this.header = header;
        this.directory = directory;
        this.compressed = header.compressed() ? new CompressedGrains(file, header) : null;
    }

    /**
     * Opens a file that starts with the sparse extent magic "KDMV". On failure the file is
     * left open for the caller to close.
     *
     * @param file the image, owned by the returned reader
     * @return the reader
     * @throws ImageException if the image is malformed or uses unsupported features
     */
    public static VmdkImage open(ImageFile file) {
        ImageFile f = file.as("VMDK");
        SparseHeader header = SparseHeader.parse(f, f.read(0, SparseHeader.SIZE, ByteOrder.LITTLE_ENDIAN,
                "the header"), "header");
        if (header.gdOffset() == SparseHeader.GD_AT_END) {
            header = readFooter(f);
        }
        Layout.Region descriptorRegion = new Layout.Region(0, 0, "the embedded descriptor");
        if (header.descriptorOffset() != 0 && header.descriptorSize() != 0) {
            long start = header.descriptorOffset() * 512;
            int length = (int) (header.descriptorSize() * 512);
            descriptorRegion = new Layout.Region(start, length, "the embedded descriptor");
            ByteBuffer text = f.read(start, length, ByteOrder.LITTLE_ENDIAN, "the embedded descriptor");
            checkDescriptor(f, Descriptor.parse(f, text.array()));
        }
        return new VmdkImage(f, header, GrainDirectory.load(f, header, descriptorRegion));
    }

    private static SparseHeader readFooter(ImageFile f) {
        if (f.size() < 4 * 512L) {
            throw f.truncated("the header says the grain directory is located by a footer, but the file is too"
                    + " short to hold one");
        }
        ByteBuffer tail = f.read(f.size() - 1536, 1536, ByteOrder.LITTLE_ENDIAN, "the footer");
        boolean markersValid = tail.getInt(8) == 0 && tail.getInt(12) == MARKER_FOOTER
                && tail.getLong(1024) == 0 && tail.getInt(1032) == 0 && tail.getInt(1036) == MARKER_END_OF_STREAM;
        if (!markersValid) {
            throw f.truncated("the header says the grain directory is located by a footer, but the file does not"
                    + " end with a footer marker, the footer and an end-of-stream marker");
        }
        SparseHeader footer = SparseHeader.parse(f, tail.slice(512, 512), "footer");
        if (footer.gdOffset() == SparseHeader.GD_AT_END) {
            throw f.corrupt("the footer does not locate the grain directory either");
        }
        return footer;
    }

    private static void checkDescriptor(ImageFile f, Descriptor descriptor) {
        if (descriptor.hasParent()) {
            throw f.unsupported("the descriptor names parent " + descriptor.parentCid()
                    + ", and differencing (child) disks cannot be imported on their own");
        }
        if (descriptor.extents().size() > 1) {
            throw f.unsupported("the embedded descriptor lists " + descriptor.extents().size()
                    + " extents, but only single-extent images are implemented");
        }
    }

    @Override
    public String format() {
        return "vmdk";
    }

    @Override
    public String subformat() {
        return header.compressed() ? "streamOptimized" : "monolithicSparse";
    }

    @Override
    protected int readPiece(long offset, byte[] buf, int off, int len) {
        long grainBytes = header.grainBytes();
        long grain = offset / grainBytes;
        int inGrain = (int) (offset % grainBytes);
        int n = (int) Math.min(len, grainBytes - inGrain);
        long entry = directory.entry(grain);
        if (isHole(entry)) {
            zero(buf, off, n);
        } else if (compressed != null) {
            byte[] data = compressed.grain(grain, entry);
            int have = Math.max(0, Math.min(n, data.length - inGrain));
            if (have > 0) {
                System.arraycopy(data, inGrain, buf, off, have);
            }
            zero(buf, off + have, n - have);
        } else {
            file.readFully(entry * 512 + inGrain, buf, off, n, "grain " + grain);
        }
        return n;
    }

    @Override
    protected Extent runAt(long offset) {
        long grainBytes = header.grainBytes();
        long grain = offset / grainBytes;
        long table = grain / header.gtesPerGt();
        if (!directory.hasTable(table)) {
            long tableEnd = (table + 1) * header.gtesPerGt() * grainBytes;
            return hole(offset, tableEnd - offset, Extent.Type.UNALLOCATED);
        }
        long entry = directory.entry(grain);
        long length = (grain + 1) * grainBytes - offset;
        if (entry == 0) {
            return hole(offset, length, Extent.Type.UNALLOCATED);
        }
        if (isHole(entry)) {
            return hole(offset, length, Extent.Type.ZERO);
        }
        return data(offset, length, compressed != null ? -1 : entry * 512 + offset % grainBytes);
    }

    private boolean isHole(long entry) {
        return entry == 0 || (entry == 1 && header.zeroGrains());
    }
}
