package io.jvirt.image.foreign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reads every format variant written by the real qemu-img and compares with qemu-img. */
class ForeignFormatsTest {

    @TempDir
    static Path dir;
    static Path source;
    static byte[] sourceBytes;

    @BeforeAll
    static void writeSource() throws IOException {
        source = Samples.writeSource(dir, "source.raw", Samples.SOURCE_SIZE, 42);
        sourceBytes = Files.readAllBytes(source);
    }

    @ParameterizedTest
    @EnumSource(Samples.class)
    void readsWhatQemuImgReads(Samples sample) throws IOException {
        Path image = sample.create(source, dir);
        byte[] expected = QemuImg.contents(image, sample.format(), dir);
        try (ForeignImage img = ForeignFormats.probe(image).orElseThrow()) {
            assertThat(img.format()).isEqualTo(sample.format());
            assertThat(img.subformat()).isEqualTo(sample.subformat());
            assertThat(img.virtualSize()).isEqualTo(QemuImg.virtualSize(image, sample.format()))
                    .isEqualTo(expected.length);
            byte[] actual = readAll(img, 100_003);
            assertThat(Arrays.equals(actual, expected)).as("contents equal qemu-img's").isTrue();
            byte[] padded = Arrays.copyOf(sourceBytes, actual.length);
            assertThat(Arrays.equals(actual, padded)).as("contents equal the source").isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Samples.class)
    void allocationMatchesQemuImgMap(Samples sample) {
        Path image = sample.create(source, dir);
        try (ForeignImage img = ForeignFormats.open(image)) {
            int sectors = (int) (img.virtualSize() / 512);
            boolean[] ours = new boolean[sectors];
            long offset = 0;
            while (offset < img.virtualSize()) {
                Extent e = img.status(offset, Long.MAX_VALUE);
                assertThat(e.offset()).isEqualTo(offset);
                assertThat(e.end()).isLessThanOrEqualTo(img.virtualSize());
                if (e.type() == Extent.Type.DATA) {
                    Arrays.fill(ours, (int) (e.offset() / 512), (int) (e.end() / 512), true);
                }
                offset = e.end();
            }
            boolean[] theirs = new boolean[sectors];
            for (QemuImg.MapEntry m : QemuImg.map(image, sample.format())) {
                if (m.data()) {
                    Arrays.fill(theirs, (int) (m.start() / 512), (int) ((m.start() + m.length()) / 512), true);
                }
            }
            if (sample.qemuMapsAllocation()) {
                assertThat(ours).isEqualTo(theirs);
            }
            for (int s = 0; s < sectors; s++) {
                if (!ours[s]) {
                    assertThat(Arrays.copyOfRange(sourceBytes, s * 512, Math.min(sourceBytes.length, s * 512 + 512)))
                            .as("sector %d is reported as a hole, so the source must be zero there", s)
                            .containsOnly(0);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Samples.class)
    void hostOffsetsPointAtTheData(Samples sample) throws IOException {
        Path image = sample.create(source, dir);
        byte[] file = Files.readAllBytes(image);
        try (ForeignImage img = ForeignFormats.open(image)) {
            long offset = 0;
            while (offset < img.virtualSize()) {
                Extent e = img.status(offset, 300_000);
                assertThat(e.length()).isLessThanOrEqualTo(300_000);
                if (e.type() == Extent.Type.DATA && e.hostOffset() >= 0) {
                    byte[] guest = new byte[(int) e.length()];
                    img.read(e.offset(), guest, 0, guest.length);
                    byte[] host = Arrays.copyOfRange(file, (int) e.hostOffset(), (int) (e.hostOffset() + e.length()));
                    assertThat(host).isEqualTo(guest);
                }
                offset = e.end();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Samples.class)
    void unalignedReadsMatchTheSource(Samples sample) {
        Path image = sample.create(source, dir);
        Random random = new Random(7);
        try (ForeignImage img = ForeignFormats.open(image)) {
            byte[] padded = Arrays.copyOf(sourceBytes, (int) img.virtualSize());
            for (int i = 0; i < 300; i++) {
                int offset = random.nextInt(padded.length);
                int len = random.nextInt(i % 10 == 0 ? 300_000 : 5_000) + 1;
                byte[] buf = new byte[len + 3];
                int n = img.read(offset, buf, 3, len);
                assertThat(n).isEqualTo(Math.min(len, padded.length - offset));
                assertThat(Arrays.copyOfRange(buf, 3, 3 + n)).isEqualTo(Arrays.copyOfRange(padded, offset, offset + n));
            }
            assertThat(img.read(img.virtualSize(), new byte[10], 0, 10)).isEqualTo(-1);
            assertThat(img.read(img.virtualSize(), new byte[10], 0, 0)).isZero();
            assertThat(img.isAllocated(0)).isTrue();
        }
    }

    @Test
    void detectsByContentNotByName() throws IOException {
        Path vdi = Samples.VDI_DYNAMIC.create(source, dir);
        Path misnamed = Files.copy(vdi, dir.resolve("really-a-vdi.vmdk"));
        try (ForeignImage img = ForeignFormats.open(misnamed)) {
            assertThat(img.format()).isEqualTo("vdi");
        }
        assertThat(ForeignFormats.detect(misnamed)).contains(ForeignFormats.Kind.VDI);
    }

    @Test
    void otherFormatsAreNotClaimed() throws IOException {
        Path qcow2 = QemuImg.convert(source, dir.resolve("other.qcow2"), "qcow2", "");
        Path empty = Files.write(dir.resolve("empty.img"), new byte[0]);
        Path tiny = Files.write(dir.resolve("tiny.img"), new byte[] {'K', 'D', 'M'});
        for (Path p : List.of(source, qcow2, empty, tiny)) {
            assertThat(ForeignFormats.probe(p)).as("probe of %s", p).isEmpty();
        }
        assertThatThrownBy(() -> ForeignFormats.open(qcow2))
                .isInstanceOfSatisfying(ImageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ImageException.Kind.UNKNOWN_FORMAT);
                    assertThat(e.path()).isEqualTo(qcow2);
                    assertThat(e.getMessage()).isEqualTo("image " + qcow2
                            + " is not a VMDK, VDI, VHD, VHDX, QED or qcow file, because none of their magic bytes"
                            + " is present.");
                });
    }

    @Test
    void missingFileIsReportedAsNotFound() {
        Path missing = dir.resolve("missing.vmdk");
        assertThatThrownBy(() -> ForeignFormats.probe(missing))
                .isInstanceOfSatisfying(ImageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ImageException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("image " + missing + " does not exist.");
                });
    }

    /** Reads the whole disk in chunks of {@code chunk} bytes. */
    static byte[] readAll(ForeignImage img, int chunk) {
        byte[] all = new byte[Math.toIntExact(img.virtualSize())];
        int pos = 0;
        while (pos < all.length) {
            int n = img.read(pos, all, pos, Math.min(chunk, all.length - pos));
            assertThat(n).isPositive();
            pos += n;
        }
        return all;
    }
}
