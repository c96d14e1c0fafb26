package io.jvirt.image.vmdk;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VMDK specifics: the footer layout of stream writers, zero grains and hostile headers and tables. */
class VmdkImageTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @TempDir
    static Path dir;
    static Path sparse;
    static Path stream;
    static byte[] source;

    @BeforeAll
    static void createImages() throws IOException {
        Path raw = Samples.writeSource(dir, "source.raw", Samples.SOURCE_SIZE, 1);
        source = Files.readAllBytes(raw);
        sparse = Samples.VMDK_MONOLITHIC_SPARSE.create(raw, dir);
        stream = Samples.VMDK_STREAM_OPTIMIZED.create(raw, dir);
    }

    private static long gdOffset(ByteBuffer b) {
        return b.getLong(56) * 512;
    }

    private static long firstTable(ByteBuffer b) {
        return Integer.toUnsignedLong(b.getInt((int) gdOffset(b))) * 512;
    }

    private static long firstGrain(ByteBuffer b) {
        return Integer.toUnsignedLong(b.getInt((int) firstTable(b))) * 512;
    }

    @Test
    void readsAStreamWhoseHeaderDefersToTheFooter() throws IOException {
        byte[] original = Files.readAllBytes(stream);
        ByteBuffer footer = ByteBuffer.allocate(1536).order(LE);
        footer.putInt(12, 3);
        footer.put(512, original, 0, 512);
        ByteBuffer all = ByteBuffer.allocate(original.length + 1536).order(LE);
        all.put(original).put(footer.array());
        all.putLong(56, -1L);
        Path atEnd = Files.write(dir.resolve("gd-at-end.vmdk"), all.array());
        try (ForeignImage img = ForeignFormats.open(atEnd)) {
            byte[] actual = new byte[(int) img.virtualSize()];
            img.read(0, actual, 0, actual.length);
            assertThat(Arrays.equals(actual, source)).isTrue();
        }
        assertRejected(truncate(atEnd, "gd-at-end-cut.vmdk", original.length + 1024), Kind.TRUNCATED,
                "not a valid VMDK file", "footer marker");
    }

    @Test
    void zeroGrainsReadAsZerosAndAreReportedAsZero() {
        Path zeroed = patch(sparse, "zero-grain.vmdk", LE, b -> {
            b.putInt(8, b.getInt(8) | 4);
            b.putInt((int) firstTable(b), 1);
        });
        try (ForeignImage img = ForeignFormats.open(zeroed)) {
            byte[] grain = new byte[65536];
            img.read(0, grain, 0, grain.length);
            assertThat(grain).containsOnly(0);
            assertThat(img.status(0, Long.MAX_VALUE).type()).isEqualTo(Extent.Type.ZERO);
            assertThat(img.status(65536, 1).type()).isEqualTo(Extent.Type.DATA);
        }
    }

    @Test
    void rejectsTruncatedHeader() {
        assertRejected(truncate(sparse, "short.vmdk", 100), Kind.TRUNCATED,
                "is not a valid VMDK file: the header at offset 0 with length 512 extends past the end of the file,"
                        + " which is 100 bytes long; the file may be truncated.");
    }

    @Test
    void rejectsAbsurdCapacity() {
        assertRejected(patch(sparse, "huge.vmdk", LE, b -> b.putLong(12, 1L << 60)), Kind.TOO_LARGE,
                "more than the 2^62 bytes jvirt accepts");
        assertRejected(patch(sparse, "negative.vmdk", LE, b -> b.putLong(12, -5)), Kind.TOO_LARGE);
    }

    @Test
    void rejectsGrainSizesThatAreNotPowersOfTwoOrEnormous() {
        assertRejected(patch(sparse, "grain3.vmdk", LE, b -> b.putLong(20, 3)), Kind.CORRUPT,
                "the grain size of 3 sectors in the header is not a power of two");
        assertRejected(patch(sparse, "grain0.vmdk", LE, b -> b.putLong(20, 0)), Kind.CORRUPT);
        assertRejected(patch(sparse, "grainhuge.vmdk", LE, b -> b.putLong(20, 1L << 40)), Kind.TOO_LARGE,
                "exceeds the limit of 32768 sectors");
    }

    @Test
    void rejectsBadGrainTableGeometry() {
        assertRejected(patch(sparse, "gtes0.vmdk", LE, b -> b.putInt(44, 0)), Kind.CORRUPT,
                "entries per grain table");
        assertRejected(patch(sparse, "gtes-many.vmdk", LE, b -> {
            b.putInt(44, 1);
            b.putLong(20, 1);
            b.putLong(12, 1L << 40);
        }), Kind.TOO_LARGE, "the grain directory would need");
    }

    @Test
    void rejectsGrainDirectoryPastTheEnd() {
        assertRejected(patch(sparse, "gd-far.vmdk", LE, b -> b.putLong(56, 1L << 40)), Kind.TRUNCATED,
                "the grain directory at sector 1099511627776 lies past the end of the file");
        assertRejected(patch(sparse, "gd-zero.vmdk", LE, b -> b.putLong(56, 0)), Kind.CORRUPT,
                "the grain directory offset in the header is zero");
    }

    @Test
    void rejectsGrainTablePastTheEnd() {
        assertRejected(patch(sparse, "gt-far.vmdk", LE, b -> b.putInt((int) gdOffset(b), 0x7fff_0000)),
                Kind.TRUNCATED, "grain table 0 at offset", "extends past the end of the file");
    }

    @Test
    void rejectsGrainTablesOverlappingMetadata() {
        assertRejected(patch(sparse, "gt-on-gd.vmdk", LE, b -> b.putInt((int) gdOffset(b), b.getInt(56))),
                Kind.CORRUPT, "overlaps the grain directory");
        assertRejected(patch(sparse, "gt-on-descriptor.vmdk", LE, b -> b.putInt((int) gdOffset(b), 2)),
                Kind.CORRUPT, "overlaps");
    }

    @Test
    void rejectsGrainPastTheEndWhenRead() {
        assertRejected(patch(sparse, "grain-far.vmdk", LE, b -> b.putInt((int) firstTable(b), 0x7fff_0000)),
                Kind.TRUNCATED, "grain 0 at offset", "the file may be truncated");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        long size = Files.size(sparse);
        assertRejected(truncate(sparse, "cut.vmdk", size - 70_000), Kind.TRUNCATED, "extends past the end");
        assertRejected(truncate(stream, "cut-stream.vmdk", Files.size(stream) / 2), Kind.TRUNCATED);
    }

    @Test
    void rejectsUnknownVersionsAndTextModeDamage() {
        assertRejected(patch(sparse, "v9.vmdk", LE, b -> b.putInt(4, 9)), Kind.UNSUPPORTED,
                "uses a VMDK feature that jvirt cannot import: the header has version 9");
        assertRejected(patch(sparse, "newline.vmdk", LE, b -> b.put(76, (byte) '\r')), Kind.CORRUPT,
                "transferred in text mode");
    }

    @Test
    void rejectsDifferencingDisks() {
        assertRejected(patch(sparse, "child.vmdk", LE, b -> replace(b, "parentCID=ffffffff", "parentCID=1234abcd")),
                Kind.UNSUPPORTED, "differencing");
    }

    @Test
    void rejectsEnormousDescriptor() {
        assertRejected(patch(sparse, "descriptor-huge.vmdk", LE, b -> b.putLong(36, 1L << 40)), Kind.TOO_LARGE,
                "embedded descriptor");
    }

    @Test
    void rejectsDamagedCompressedGrains() {
        assertRejected(patch(stream, "deflate-garbage.vmdk", LE, b -> {
            int grain = (int) firstGrain(b);
            for (int i = 12; i < 40; i++) {
                b.put(grain + i, (byte) 0xA5);
            }
        }), Kind.CORRUPT, "compressed grain 0 at offset");
        assertRejected(patch(stream, "marker-lba.vmdk", LE, b -> b.putLong((int) firstGrain(b), 999)),
                Kind.CORRUPT, "is marked as guest sector 999, but the grain table maps it to guest sector 0");
        assertRejected(patch(stream, "marker-size.vmdk", LE, b -> b.putInt((int) firstGrain(b) + 8, 0x7fff_ffff)),
                Kind.CORRUPT, "claims 2147483647 compressed bytes");
        assertRejected(patch(stream, "algorithm.vmdk", LE, b -> b.putShort(77, (short) 7)), Kind.UNSUPPORTED,
                "compressed with algorithm 7");
    }

    private static void replace(ByteBuffer b, String from, String to) {
        String text = new String(b.array(), StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertThat(at).isPositive();
        b.put(at, to.getBytes(StandardCharsets.ISO_8859_1));
    }
}
