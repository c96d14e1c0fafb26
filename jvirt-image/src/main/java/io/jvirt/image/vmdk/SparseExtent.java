package io.jvirt.image.vmdk;

import io.jvirt.image.Extent;
import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.Layout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * A hosted sparse extent (magic "KDMV"): plain grains ({@code monolithicSparse},
 * {@code twoGbMaxExtentSparse}) or deflate-compressed grains with markers
 * ({@code streamOptimized}), located through the grain directory of the header or, for
 * stream writers that defer it, of the footer.
 */
final class SparseExtent implements VmdkExtent {

    private static final int MARKER_END_OF_STREAM = 0;
    private static final int MARKER_FOOTER = 3;

    private final ImageFile file;
    private final SparseHeader header;
    private final GrainDirectory directory;
    private final CompressedGrains compressed;
    private final Descriptor descriptor;

    private SparseExtent(ImageFile file, SparseHeader header, GrainDirectory directory, Descriptor descriptor) {
        this.file = file;
        this.header = header;
        this.directory = directory;
        this.compressed = header.compressed() ? new CompressedGrains(file, header) : null;
        this.descriptor = descriptor;
    }

    /** Opens and validates the extent; on failure the file is left open for the caller. */
    static SparseExtent open(ImageFile f) {
        SparseHeader header = SparseHeader.parse(f, f.read(0, SparseHeader.SIZE, ByteOrder.LITTLE_ENDIAN,
                "the header"), "header");
        if (header.gdOffset() == SparseHeader.GD_AT_END) {
            header = readFooter(f);
        }
        Layout.Region descriptorRegion = new Layout.Region(0, 0, "the embedded descriptor");
        Descriptor descriptor = null;
        if (header.descriptorOffset() != 0 && header.descriptorSize() != 0) {
            long start = header.descriptorOffset() * 512;
            int length = (int) (header.descriptorSize() * 512);
            descriptorRegion = new Layout.Region(start, length, "the embedded descriptor");
            ByteBuffer text = f.read(start, length, ByteOrder.LITTLE_ENDIAN, "the embedded descriptor");
            descriptor = Descriptor.parse(f, text.array());
        }
        return new SparseExtent(f, header, GrainDirectory.load(f, header, descriptorRegion), descriptor);
    }

    static SparseHeader readFooter(ImageFile f) {
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

    /** Returns the descriptor embedded in this file, if it has one. */
    Optional<Descriptor> embeddedDescriptor() {
        return Optional.ofNullable(descriptor);
    }

    /** Reports whether grains are compressed, as in stream-optimized files. */
    boolean compressed() {
        return compressed != null;
    }

    /** Returns the file. */
    ImageFile file() {
        return file;
    }

    @Override
    public long length() {
        return header.capacity() * 512;
    }

    @Override
    public int read(long offset, byte[] buf, int off, int len) {
        long grainBytes = header.grainBytes();
        long grain = offset / grainBytes;
        int inGrain = (int) (offset % grainBytes);
        int n = (int) Math.min(len, grainBytes - inGrain);
        long entry = directory.entry(grain);
        if (isHole(entry)) {
            Arrays.fill(buf, off, off + n, (byte) 0);
        } else if (compressed != null) {
            byte[] data = compressed.grain(grain, entry);
            int have = Math.max(0, Math.min(n, data.length - inGrain));
            if (have > 0) {
                System.arraycopy(data, inGrain, buf, off, have);
            }
            Arrays.fill(buf, off + have, off + n, (byte) 0);
        } else {
            file.readFully(entry * 512 + inGrain, buf, off, n, "grain " + grain);
        }
        return n;
    }

    @Override
    public Extent runAt(long offset) {
        long grainBytes = header.grainBytes();
        long grain = offset / grainBytes;
        long table = grain / header.gtesPerGt();
        if (!directory.hasTable(table)) {
            long tableEnd = (table + 1) * header.gtesPerGt() * grainBytes;
            return new Extent(offset, tableEnd - offset, Extent.Type.UNALLOCATED, -1);
        }
        long entry = directory.entry(grain);
        long length = (grain + 1) * grainBytes - offset;
        if (entry == 0) {
            return new Extent(offset, length, Extent.Type.UNALLOCATED, -1);
        }
        if (isHole(entry)) {
            return new Extent(offset, length, Extent.Type.ZERO, -1);
        }
        return new Extent(offset, length, Extent.Type.DATA,
                compressed != null ? -1 : entry * 512 + offset % grainBytes);
    }

    private boolean isHole(long entry) {
        return entry == 0 || (entry == 1 && header.zeroGrains());
    }

    @Override
    public void close() {
        file.close();
    }
}
