package io.jvirt.image.foreign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The images the tests read: a raw source with a known pattern and holes, converted by the
 * real qemu-img into each supported format variant.
 */
public enum Samples {
    /** VMDK, hosted sparse. */
    VMDK_MONOLITHIC_SPARSE("vmdk", "subformat=monolithicSparse", "monolithicSparse", ".vmdk"),
    /** VMDK, stream-optimized (compressed grains). */
    VMDK_STREAM_OPTIMIZED("vmdk", "subformat=streamOptimized", "streamOptimized", ".vmdk"),
    /** VMDK, text descriptor with one flat extent file beside it. */
    VMDK_MONOLITHIC_FLAT("vmdk", "subformat=monolithicFlat", "monolithicFlat", ".vmdk"),
    /** VMDK, text descriptor with sparse extent files of at most 2 GiB beside it. */
    VMDK_TWO_GB_SPARSE("vmdk", "subformat=twoGbMaxExtentSparse", "twoGbMaxExtentSparse", ".vmdk"),
    /** VDI, dynamic. */
    VDI_DYNAMIC("vdi", "static=off", "dynamic", ".vdi"),
    /** VDI, fixed. */
    VDI_FIXED("vdi", "static=on", "fixed", ".vdi"),
    /** VHD, dynamic. */
    VHD_DYNAMIC("vpc", "subformat=dynamic", "dynamic", ".vhd"),
    /** VHD, fixed. */
    VHD_FIXED("vpc", "subformat=fixed", "fixed", ".vhd"),
    /** VHDX, dynamic, 1 MiB blocks. */
    VHDX_DYNAMIC("vhdx", "subformat=dynamic,block_size=1M", "dynamic", ".vhdx"),
    /** VHDX, fixed, 1 MiB blocks. */
    VHDX_FIXED("vhdx", "subformat=fixed,block_size=1M", "fixed", ".vhdx"),
    /** QED, 4 KiB clusters. */
    QED("qed", "cluster_size=4096", "", ".qed"),
    /** qcow version 1. */
    QCOW("qcow", "", "", ".qcow");

    /** Size of the standard source: 5 MiB and five sectors, aligned to no grain or block. */
    public static final int SOURCE_SIZE = 5 * 1024 * 1024 + 5 * 512;

    private final String format;
    private final String options;
    private final String subformat;
    private final String suffix;

    Samples(String format, String options, String subformat, String suffix) {
        this.format = format;
        this.options = options;
        this.subformat = subformat;
        this.suffix = suffix;
    }

    /** Returns qemu's format name. */
    public String format() {
        return format;
    }

    /**
     * Returns whether qemu-img map reports this format's allocation; for VHDX it does not (its
     * driver has no block status) and calls everything data.
     */
    public boolean qemuMapsAllocation() {
        return !format.equals("vhdx");
    }

    /** Returns the subformat the reader must report. */
    public String subformat() {
        return subformat;
    }

    /** Converts {@code raw} into this variant inside {@code dir}. */
    public Path create(Path raw, Path dir) {
        Path target = dir.resolve(name().toLowerCase(java.util.Locale.ROOT) + "-" + raw.getFileName() + suffix);
        return QemuImg.convert(raw, target, format, options);
    }

    /**
     * Returns a pattern of {@code size} bytes: incompressible and compressible data, holes,
     * a lone sector and data in the last partial grain or block.
     */
    public static byte[] pattern(int size, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[size];
        fillRandom(random, data, 0, Math.min(size, 4096));
        for (int i = 70_000; i < Math.min(size, 200_000); i++) {
            data[i] = (byte) (i % 251 + 1);
        }
        fillRandom(random, data, 1 << 20, (1 << 20) + 65_636);
        fillRandom(random, data, (3 << 20) + 512, (3 << 20) + 1024);
        fillRandom(random, data, size - 1000, size);
        return data;
    }

    private static void fillRandom(Random random, byte[] data, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, data.length); i++) {
            data[i] = (byte) random.nextInt(256);
        }
    }

    /** Writes {@link #pattern} as a sparse-looking raw file and returns its path. */
    public static Path writeSource(Path dir, String name, int size, long seed) throws IOException {
        Path raw = dir.resolve(name);
        Files.write(raw, pattern(size, seed));
        return raw;
    }
}
