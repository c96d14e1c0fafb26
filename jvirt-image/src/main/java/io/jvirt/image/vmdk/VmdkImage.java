package io.jvirt.image.vmdk;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.AbstractForeignImage;
import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.ImageFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A VMDK disk: one sparse file that embeds its descriptor ({@code monolithicSparse},
 * {@code streamOptimized}), or a text descriptor that lists sparse, flat and zero extents
 * in files beside it ({@code monolithicFlat}, {@code twoGbMaxExtentSparse},
 * {@code twoGbMaxExtentFlat}, {@code vmfs}).
 */
public final class VmdkImage extends AbstractForeignImage {

    /**
     * An extent at its place on the disk.
     *
     * @param extent the storage
     * @param start  guest offset of the extent's first byte
     * @param length guest bytes taken from the extent, as the descriptor lists them
     */
    record Placed(VmdkExtent extent, long start, long length) {
    }

    private final List<Placed> extents;
    private final long[] starts;
    private final String subformat;
    private final boolean singleFile;

    private VmdkImage(ImageFile file, List<Placed> extents, long size, String subformat, boolean singleFile) {
        super(file, size);
        this.extents = List.copyOf(extents);
        this.starts = extents.stream().mapToLong(Placed::start).toArray();
        this.subformat = subformat;
        this.singleFile = singleFile;
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
        SparseExtent sparse = SparseExtent.open(f);
        if (sparse.embeddedDescriptor().isPresent()) {
            Descriptor descriptor = sparse.embeddedDescriptor().get();
            checkParent(f, descriptor);
            if (descriptor.extents().size() > 1) {
                throw f.unsupported("the embedded descriptor lists " + descriptor.extents().size()
                        + " extents, but a file with an embedded descriptor must hold the only extent");
            }
        }
        String subformat = sparse.compressed() ? "streamOptimized" : "monolithicSparse";
        return new VmdkImage(f, List.of(new Placed(sparse, 0, sparse.length())), sparse.length(), subformat, true);
    }

    /**
     * Opens a text descriptor and the extent files it lists, which must lie in the same
     * directory. On failure the descriptor file is left open for the caller to close.
     *
     * @param file the descriptor, owned by the returned reader
     * @return the reader
     * @throws ImageException if the descriptor or an extent is malformed, missing or
     *     uses unsupported features
     */
    public static VmdkImage openDescriptor(ImageFile file) {
        ImageFile f = file.as("VMDK");
        Descriptor descriptor = DescriptorExtents.read(f);
        checkParent(f, descriptor);
        List<Placed> placed = new ArrayList<>();
        try {
            long position = 0;
            for (Descriptor.ExtentLine line : descriptor.extents()) {
                long length = line.sectors() * 512;
                if (line.sectors() > ForeignImage.MAX_VIRTUAL_SIZE / 512
                        || length > ForeignImage.MAX_VIRTUAL_SIZE - position) {
                    throw f.limit("the extents add up to more than the 2^62 bytes jvirt accepts");
                }
                VmdkExtent extent = DescriptorExtents.open(f, line);
                if (length == 0) {
                    extent.close();
                    continue;
                }
                placed.add(new Placed(extent, position, length));
                position += length;
            }
            String subformat = descriptor.createType().isEmpty() ? "monolithicFlat" : descriptor.createType();
            return new VmdkImage(f, placed, position, subformat, false);
        } catch (RuntimeException | Error e) {
            for (Placed p : placed) {
                closeQuietly(p.extent(), e);
            }
            throw e;
        }
    }

    private static void checkParent(ImageFile f, Descriptor descriptor) {
        if (descriptor.hasParent()) {
            throw f.unsupported("the descriptor names parent " + descriptor.parentCid()
                    + ", and differencing (child) disks cannot be imported on their own");
        }
    }

    @Override
    public String format() {
        return "vmdk";
    }

    @Override
    public String subformat() {
        return subformat;
    }

    private int indexOf(long offset) {
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 ? i : -i - 2;
    }

    @Override
    protected int readPiece(long offset, byte[] buf, int off, int len) {
        Placed p = extents.get(indexOf(offset));
        long inExtent = offset - p.start();
        int n = (int) Math.min(len, p.length() - inExtent);
        return p.extent().read(inExtent, buf, off, n);
    }

    @Override
    protected Extent runAt(long offset) {
        Placed p = extents.get(indexOf(offset));
        long inExtent = offset - p.start();
        Extent run = p.extent().runAt(inExtent);
        long length = Math.min(run.length(), p.length() - inExtent);
        long host = singleFile ? run.hostOffset() : -1;
        return new Extent(offset, length, run.type(), run.type() == Extent.Type.DATA ? host : -1);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Placed p : extents) {
            try {
                p.extent().close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (!singleFile) {
            file.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(VmdkExtent extent, Throwable primary) {
        try {
            extent.close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
