package io.jvirt.image.vmdk;

import static io.jvirt.image.foreign.Hostile.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException.Kind;
import io.jvirt.image.foreign.ForeignFormats;
import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.QemuImg;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VMDK text descriptors that list extents in files beside them. */
class VmdkDescriptorTest {

    private static final long GIB = 1L << 30;

    @TempDir
    static Path dir;
    static Path flat;

    @BeforeAll
    static void createFlatImage() throws IOException {
        Path raw = Files.write(dir.resolve("small.raw"), new byte[1 << 20]);
        flat = QemuImg.convert(raw, dir.resolve("flat.vmdk"), "vmdk", "subformat=monolithicFlat");
    }

    private static Path descriptor(String name, String extents) throws IOException {
        return Files.writeString(dir.resolve(name), "# Disk DescriptorFile\nversion=1\nCID=12345678\n"
                + "parentCID=ffffffff\ncreateType=\"monolithicFlat\"\n\n# Extent description\n" + extents
                + "\n# The Disk Data Base\nddb.adapterType = \"ide\"\n");
    }

    @Test
    void readsAcrossTheExtentsOfATwoGigabyteSplitImage() throws IOException {
        Path raw = dir.resolve("big.raw");
        byte[] straddle = new byte[300_000];
        byte[] tail = new byte[4096];
        Random random = new Random(5);
        random.nextBytes(straddle);
        random.nextBytes(tail);
        long straddleAt = 2 * GIB - 100_000;
        long size = 4 * GIB + (1 << 20);
        try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
            file.setLength(size);
            file.seek(straddleAt);
            file.write(straddle);
            file.seek(size - tail.length);
            file.write(tail);
        }
        Path image = QemuImg.convert(raw, dir.resolve("split.vmdk"), "vmdk", "subformat=twoGbMaxExtentSparse");
        Files.delete(raw);
        assertThat(Files.exists(dir.resolve("split-s003.vmdk"))).isTrue();
        try (ForeignImage img = ForeignFormats.open(image)) {
            assertThat(img.virtualSize()).isEqualTo(size).isEqualTo(QemuImg.virtualSize(image, "vmdk"));
            assertThat(img.subformat()).isEqualTo("twoGbMaxExtentSparse");
            byte[] buf = new byte[straddle.length];
            assertThat(img.read(straddleAt, buf, 0, buf.length)).isEqualTo(buf.length);
            assertThat(buf).isEqualTo(straddle);
            buf = new byte[tail.length + 10];
            assertThat(img.read(size - tail.length, buf, 0, buf.length)).isEqualTo(tail.length);
            assertThat(java.util.Arrays.copyOf(buf, tail.length)).isEqualTo(tail);
            long data = 0;
            for (long pos = 0; pos < size; ) {
                Extent e = img.status(pos, Long.MAX_VALUE);
                if (e.type() == Extent.Type.DATA) {
                    data += e.length();
                }
                pos = e.end();
            }
            long qemuData = QemuImg.map(image, "vmdk").stream().filter(QemuImg.MapEntry::data)
                    .mapToLong(QemuImg.MapEntry::length).sum();
            assertThat(data).isEqualTo(qemuData).isPositive();
        }
    }

    @Test
    void zeroExtentsReadAsZeros() throws IOException {
        Path mixed = descriptor("mixed.vmdk", "RW 2048 FLAT \"flat-flat.vmdk\" 0\nRW 100 ZERO\n");
        try (ForeignImage img = ForeignFormats.open(mixed)) {
            assertThat(img.virtualSize()).isEqualTo(2148 * 512L);
            assertThat(img.status(2048 * 512L, Long.MAX_VALUE)).isEqualTo(
                    new Extent(2048 * 512L, 100 * 512L, Extent.Type.ZERO, -1));
            assertThat(img.status(0, Long.MAX_VALUE).hostOffset()).as("no host offsets across files").isEqualTo(-1);
        }
    }

    @Test
    void refusesExtentFilesOutsideTheDescriptorsDirectory() throws IOException {
        assertRejected(descriptor("escape.vmdk", "RW 8 FLAT \"../../etc/passwd\" 0"), Kind.UNSUPPORTED,
                "the extent file \"../../etc/passwd\" is not a plain file name");
        assertRejected(descriptor("absolute.vmdk", "RW 8 FLAT \"/etc/passwd\" 0"), Kind.UNSUPPORTED,
                "not a plain file name");
    }

    @Test
    void reportsMissingExtentFilesAgainstTheDescriptor() throws IOException {
        Path missing = descriptor("missing.vmdk", "RW 8 FLAT \"missing-flat.vmdk\" 0");
        assertRejected(missing, Kind.NOT_FOUND, "lists the extent file " + dir.resolve("missing-flat.vmdk")
                .toAbsolutePath() + ", which does not exist.");
    }

    @Test
    void rejectsFlatExtentsLongerThanTheirFile() throws IOException {
        assertRejected(descriptor("long.vmdk", "RW 4096 FLAT \"flat-flat.vmdk\" 0"), Kind.TRUNCATED,
                "is not a valid VMDK file: the flat extent of 2097152 bytes at offset 0 of "
                        + dir.resolve("flat-flat.vmdk").toAbsolutePath() + " extends past the end of that file,"
                        + " which is 1048576 bytes long; the file may be truncated.");
        assertRejected(descriptor("offset.vmdk", "RW 2048 FLAT \"flat-flat.vmdk\" 1"), Kind.TRUNCATED);
    }

    @Test
    void rejectsUnsupportedExtentsAndParents() throws IOException {
        assertRejected(descriptor("vmfssparse.vmdk", "RW 8 VMFSSPARSE \"x.vmdk\""), Kind.UNSUPPORTED,
                "an extent has type VMFSSPARSE");
        assertRejected(descriptor("noaccess.vmdk", "NOACCESS 8 FLAT \"flat-flat.vmdk\" 0"), Kind.UNSUPPORTED,
                "an extent has access NOACCESS");
        Path child = Files.writeString(dir.resolve("child.vmdk"), Files.readString(flat)
                .replace("parentCID=ffffffff", "parentCID=1234abcd"));
        assertRejected(child, Kind.UNSUPPORTED, "differencing");
    }

    @Test
    void rejectsSparseExtentsSmallerThanListed() throws IOException {
        Path raw = Files.write(dir.resolve("one.raw"), new byte[1 << 20]);
        QemuImg.convert(raw, dir.resolve("two.vmdk"), "vmdk", "subformat=twoGbMaxExtentSparse");
        assertRejected(descriptor("sparse-long.vmdk", "RW 4096 SPARSE \"two-s001.vmdk\""), Kind.CORRUPT,
                "holds 2048 sectors, but the descriptor lists 4096");
    }

    @Test
    void rejectsAbsurdDescriptors() throws IOException {
        assertRejected(descriptor("none.vmdk", ""), Kind.CORRUPT, "the text descriptor lists no extents");
        assertRejected(descriptor("sum.vmdk", "RW 4611686018427387 ZERO\nRW 4611686018427387 ZERO\n"
                + "RW 4611686018427387 ZERO\n"), Kind.TOO_LARGE, "the extents add up to more than");
        assertRejected(descriptor("sectors.vmdk", "RW 99999999999999999999 ZERO\n"), Kind.TOO_LARGE,
                "the extent size of 99999999999999999999 sectors on descriptor line 8");
        byte[] huge = new byte[(1 << 20) + 1];
        byte[] head = "version=1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, huge, 0, head.length);
        assertRejected(Files.write(dir.resolve("huge.vmdk"), huge), Kind.TOO_LARGE,
                "the text descriptor is 1048577 bytes long");
    }

    @Test
    void rejectsMalformedExtentLinesQuicklyEvenWhenHuge() throws IOException {
        assertRejected(descriptor("garbled.vmdk", "RW eight FLAT \"flat-flat.vmdk\" 0"), Kind.CORRUPT,
                "descriptor line 8 starts like an extent but does not have the form");
        String spaces = " ".repeat(300_000);
        Path slow = descriptor("spaces.vmdk", "RW 8 FLAT" + spaces + "\"x" + spaces + "y\nkey=" + spaces + "\"v");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertRejected(slow, Kind.CORRUPT, "line 8"));
    }

    @Test
    void recognisesDescriptorsByTheirFirstSetting() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "# a comment\n\n  version=2\nRW 8 ZERO\n");
        assertThat(ForeignFormats.detect(plain)).contains(ForeignFormats.Kind.VMDK_DESCRIPTOR);
        for (String text : List.of("hello\nversion=1\n", "# only a comment", "version=4\n")) {
            Path other = Files.writeString(dir.resolve("other.txt"), text);
            assertThat(ForeignFormats.detect(other)).as(text).isEmpty();
        }
    }
}
