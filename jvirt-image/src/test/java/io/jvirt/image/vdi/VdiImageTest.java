package io.jvirt.image.vdi;

import static io.jvirt.image.foreign.Hostile.assertRejected;
import static io.jvirt.image.foreign.Hostile.patch;
import static io.jvirt.image.foreign.Hostile.truncate;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException.Kind;
import io.jvirt.image.foreign.ForeignFormats;
import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.Samples;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VDI specifics: discarded blocks and hostile headers and block maps. */
class VdiImageTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int BLOCK_MAP = 0x200;

    @TempDir
    static Path dir;
    static Path dynamic;
    static Path fixed;

    @BeforeAll
    static void createImages() throws IOException {
        Path raw = Samples.writeSource(dir, "source.raw", Samples.SOURCE_SIZE, 2);
        dynamic = Samples.VDI_DYNAMIC.create(raw, dir);
        fixed = Samples.VDI_FIXED.create(raw, dir);
    }

    @Test
    void discardedBlocksReadAsZerosAndAreReportedAsZero() {
        Path discarded = patch(dynamic, "discarded.vdi", LE, b -> b.putInt(BLOCK_MAP, 0xfffffffe));
        try (ForeignImage img = ForeignFormats.open(discarded)) {
            byte[] block = new byte[1 << 20];
            img.read(0, block, 0, block.length);
            assertThat(block).containsOnly(0);
            assertThat(img.status(0, Long.MAX_VALUE)).isEqualTo(new Extent(0, 1 << 20, Extent.Type.ZERO, -1));
        }
    }

    @Test
    void rejectsTruncatedHeader() {
        assertRejected(truncate(dynamic, "short.vdi", 0x100), Kind.TRUNCATED,
                "is not a valid VDI file: the header at offset 0 with length 512 extends past the end");
    }

    @Test
    void rejectsUnsupportedVersionsTypesAndSectorSizes() {
        assertRejected(patch(dynamic, "v1-0.vdi", LE, b -> b.putInt(0x44, 0x00010000)), Kind.UNSUPPORTED,
                "the header has version 1.0, but only version 1.1 is implemented");
        assertRejected(patch(dynamic, "diff.vdi", LE, b -> b.putInt(0x4c, 4)), Kind.UNSUPPORTED, "differencing");
        assertRejected(patch(dynamic, "type9.vdi", LE, b -> b.putInt(0x4c, 9)), Kind.CORRUPT,
                "the image type 9 is unknown");
        assertRejected(patch(dynamic, "sector4k.vdi", LE, b -> b.putInt(0x168, 4096)), Kind.UNSUPPORTED,
                "sector size is 4096 bytes");
    }

    @Test
    void rejectsBadBlockSizes() {
        assertRejected(patch(dynamic, "block3000.vdi", LE, b -> b.putInt(0x178, 3000)), Kind.CORRUPT,
                "the block size of 3000 bytes is not a power of two");
        assertRejected(patch(dynamic, "block1g.vdi", LE, b -> b.putInt(0x178, 1 << 30)), Kind.TOO_LARGE,
                "exceeds the limit");
    }

    @Test
    void rejectsAbsurdSizesAndCounts() {
        assertRejected(patch(dynamic, "disk-huge.vdi", LE, b -> b.putLong(0x170, Long.MAX_VALUE)), Kind.TOO_LARGE,
                "more than the 2^62 bytes jvirt accepts");
        assertRejected(patch(dynamic, "disk-beyond-map.vdi", LE, b -> b.putLong(0x170, 100L << 20)), Kind.CORRUPT,
                "exceeds the 6 blocks");
        assertRejected(patch(dynamic, "blocks-many.vdi", LE, b -> b.putInt(0x180, 1 << 30)), Kind.TOO_LARGE,
                "more than the limit");
        assertRejected(patch(dynamic, "map-past-end.vdi", LE, b -> {
            b.putInt(0x180, 1 << 23);
            b.putInt(0x158, BLOCK_MAP + (1 << 25));
        }), Kind.TRUNCATED, "the block map at offset 512");
    }

    @Test
    void rejectsMisplacedStructures() {
        assertRejected(patch(dynamic, "map-in-header.vdi", LE, b -> b.putInt(0x154, 0x100)), Kind.CORRUPT,
                "the block map offset 256");
        assertRejected(patch(dynamic, "data-in-map.vdi", LE, b -> b.putInt(0x158, BLOCK_MAP)), Kind.CORRUPT,
                "the data offset 512");
    }

    @Test
    void rejectsBlocksPastTheEnd() {
        assertRejected(patch(dynamic, "block-far.vdi", LE, b -> b.putInt(BLOCK_MAP, 1000)), Kind.TRUNCATED,
                "data block 0 at offset", "extends past the end of the file");
    }

    @Test
    void rejectsOverlappingBlocks() {
        assertRejected(patch(dynamic, "block-twice.vdi", LE, b -> b.putInt(BLOCK_MAP + 4, b.getInt(BLOCK_MAP))),
                Kind.CORRUPT, "two data blocks overlap");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        assertRejected(truncate(fixed, "cut.vdi", Files.size(fixed) - (1 << 20) - 10), Kind.TRUNCATED,
                "the file may be truncated");
    }
}
