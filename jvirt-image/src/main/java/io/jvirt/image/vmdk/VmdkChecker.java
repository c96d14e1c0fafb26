package io.jvirt.image.vmdk;

import io.jvirt.image.CheckResult;
import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.ForeignFormats;
import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * qemu-img check for VMDK (qemu's vmdk_co_check): walks every grain of the disk and stops at
 * the first allocated grain that lies at or past the end of its extent file (or the first
 * flat extent that starts there). As in qemu, such a finding is one corruption and ends the
 * check as not completed (exit code 1). Grain directories and tables are read as qemu reads
 * them, with what lies past the end of the file as zeroes; the strict checks of the reader
 * ({@link VmdkImage}) are not applied, so a damaged file can still be checked.
 */
public final class VmdkChecker {

    private VmdkChecker() {
    }

    /**
     * Checks a VMDK image: a sparse or stream-optimized file, or a text descriptor and its extents.
     *
     * @param path the image
     * @return the findings
     * @throws ImageException when a header or the descriptor is unusable
     */
    public static CheckResult check(Path path) {
        List<String> log = new ArrayList<>();
        String failure = null;
        try (ImageFile file = ImageFile.open(path, "VMDK")) {
            boolean descriptor = ForeignFormats.detect(path).orElse(ForeignFormats.Kind.VMDK)
                    == ForeignFormats.Kind.VMDK_DESCRIPTOR;
            if (descriptor) {
                failure = checkDescriptor(file, log);
            } else {
                failure = checkSparse(file, 0, log);
            }
        }
        return new CheckResult("vmdk", failure == null ? 0 : 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, log,
                Optional.ofNullable(failure));
    }

    private static String checkDescriptor(ImageFile f, List<String> log) {
        Descriptor descriptor = DescriptorExtents.read(f);
        long sector = 0;
        for (Descriptor.ExtentLine line : descriptor.extents()) {
            if (line.sectors() == 0) {
                continue;
            }
            String failure = switch (line.type()) {
                case "ZERO" -> null;
                case "FLAT", "VMFS" -> {
                    try (ImageFile extent = extentFile(f, line)) {
                        yield line.offset() * 512 >= extent.size() ? pastEnd(extent, sector, log) : null;
                    }
                }
                case "SPARSE" -> {
                    try (ImageFile extent = extentFile(f, line)) {
                        yield checkSparse(extent, sector, log);
                    }
                }
                default -> throw f.unsupported("an extent has type " + line.type()
                        + ", and only SPARSE, FLAT, VMFS and ZERO extents are implemented");
            };
            if (failure != null) {
                return failure;
            }
            sector += line.sectors();
        }
        return null;
    }

    private static ImageFile extentFile(ImageFile descriptor, Descriptor.ExtentLine line) {
        String name = line.file();
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.equals("..")) {
            throw descriptor.unsupported("the extent file \"" + name + "\" is not a plain file name in the"
                    + " descriptor's directory, and jvirt reads extents only from there");
        }
        return ImageFile.open(descriptor.path().toAbsolutePath().getParent().resolve(name), "VMDK");
    }

    /** Checks the grains of one sparse extent whose first guest sector is {@code start}. */
    private static String checkSparse(ImageFile f, long start, List<String> log) {
        SparseHeader header = SparseHeader.parse(f, f.read(0, SparseHeader.SIZE, ByteOrder.LITTLE_ENDIAN,
                "the header"), "header");
        if (header.gdOffset() == SparseHeader.GD_AT_END) {
            header = SparseExtent.readFooter(f);
        }
        if (f.size() < header.overhead() * 512) {
            throw f.truncated("the header places the first grain at byte " + header.overhead() * 512
                    + ", past the end of the file");
        }
        long tables = header.gdEntries();
        if (tables > GrainDirectory.MAX_TABLES) {
            throw f.limit("the grain directory would need " + tables + " entries, more than the limit of "
                    + GrainDirectory.MAX_TABLES);
        }
        int[] directory = readInts(f, header.gdOffset() * 512, (int) tables);
        long grains = (header.capacity() + header.grainSize() - 1) / header.grainSize();
        int perTable = header.gtesPerGt();
        for (int t = 0; t < tables; t++) {
            long tableSector = Integer.toUnsignedLong(directory[t]);
            if (tableSector == 0) {
                continue;
            }
            int[] table = readInts(f, tableSector * 512, perTable);
            for (int i = 0; i < perTable; i++) {
                long grain = (long) t * perTable + i;
                if (grain >= grains) {
                    break;
                }
                long entry = Integer.toUnsignedLong(table[i]);
                boolean hole = entry == 0 || (entry == 1 && header.zeroGrains());
                if (!hole && entry * 512 >= f.size()) {
                    return pastEnd(f, start + grain * header.grainSize(), log);
                }
            }
        }
        return null;
    }

    private static String pastEnd(ImageFile f, long sector, List<String> log) {
        log.add("ERROR: cluster offset for sector " + sector + " points after EOF");
        return "The data of sector " + sector + " lies past the end of " + f.path()
                + "; the check stopped at this first error, as qemu-img's does.";
    }

    private static int[] readInts(ImageFile f, long offset, int count) {
        byte[] raw = new byte[count * 4];
        f.readOrZero(offset, raw);
        int[] out = new int[count];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }
}
