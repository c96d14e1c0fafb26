package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.foreign.QemuSamples;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format qemu-img 7.2 probes, made by qemu-img itself (or taken from QEMU's sample images
 * where it cannot make them), is detected as qemu-img detects it; the formats the engine reads
 * open, the others are refused with one sentence, and none is ever read as raw.
 */
class ProbeInteropTest {

    private static final Pattern FORMAT = Pattern.compile("\"format\":\\s*\"([a-z0-9]+)\"");
    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\":\\s*(\\d+)");

    @TempDir
    Path dir;

    static Stream<Arguments> made() {
        return Stream.of(
                Arguments.of("raw", "d.img", ImageFormat.RAW),
                Arguments.of("qcow2", "d.qcow2", ImageFormat.QCOW2),
                Arguments.of("qcow", "d.qcow", ImageFormat.QCOW),
                Arguments.of("qed", "d.qed", ImageFormat.QED),
                Arguments.of("vmdk", "d.vmdk", ImageFormat.VMDK),
                Arguments.of("vdi", "d.vdi", ImageFormat.VDI),
                Arguments.of("vpc", "d.vhd", ImageFormat.VPC),
                Arguments.of("vhdx", "d.vhdx", ImageFormat.VHDX),
                Arguments.of("parallels", "d.hds", ImageFormat.PARALLELS),
                Arguments.of("luks", "d.luks", ImageFormat.LUKS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("made")
    void detectsWhatQemuImgMade(String format, String name, ImageFormat expected) {
        if (format.equals("luks")) {
            createLuks(name);
        } else {
            QemuImg.ok(dir, "create", "-f", format, name, "8M");
        }
        assertDetectedAsQemuDetects(dir.resolve(name), expected);
    }

    /**
     * qemu-img times a key derivation before it makes a LUKS header, and on a busy machine that
     * measurement can come out as nothing ("Unable to get accurate CPU usage"); it is retried.
     */
    private void createLuks(String name) {
        QemuImg.Run r = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            r = QemuImg.run(dir, "create", "--object", "secret,id=sec0,data=jvirt", "-f", "luks", "-o",
                    "key-secret=sec0", name, "8M");
            if (r.exit() == 0 || !r.out().contains("Unable to get accurate CPU usage")) {
                break;
            }
        }
        assertThat(r.exit()).as(r.out()).isZero();
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("simple-dmg.dmg", ImageFormat.DMG),
                Arguments.of("simple-pattern.cloop", ImageFormat.CLOOP),
                Arguments.of("empty.bochs", ImageFormat.BOCHS),
                Arguments.of("parallels-v2", ImageFormat.PARALLELS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void detectsQemuSamplesOfFormatsQemuImgCannotMake(String name, ImageFormat expected) throws Exception {
        assertDetectedAsQemuDetects(QemuSamples.unpack(name, dir), expected);
    }

    private void assertDetectedAsQemuDetects(Path image, ImageFormat expected) {
        assertThat(Images.probe(image)).isEqualTo(expected);
        String info = QemuImg.ok(dir, "info", "--output=json", image.getFileName().toString()).out();
        assertThat(group(FORMAT, info)).as("qemu-img's probe").isEqualTo(expected.qemuName());
        if (expected.readable()) {
            try (DiskImage img = Images.open(image, true)) {
                assertThat(img.format()).isEqualTo(expected);
                assertThat(img.virtualSize()).isEqualTo(Long.parseLong(group(VIRTUAL_SIZE, info)));
            }
        } else {
            assertThatThrownBy(() -> Images.open(image, true)).isInstanceOfSatisfying(ImageException.class, e -> {
                assertThat(e.kind()).isEqualTo(ImageException.Kind.UNSUPPORTED);
                assertThat(e.getMessage()).isEqualTo(image + " is a " + expected.description()
                        + " image, which jvirt cannot read; convert it to qcow2 or raw with another tool (such as"
                        + " qemu-img convert) first.");
            });
        }
    }

    /** qemu-img calls a fixed VHD raw (it looks only at offset 0); the engine finds its footer. */
    @Test
    void findsTheFooterOfAFixedVhdWhichQemuImgProbesAsRaw() {
        QemuImg.ok(dir, "create", "-f", "vpc", "-o", "subformat=fixed", "f.vhd", "8M");
        assertThat(Images.probe(dir.resolve("f.vhd"))).isEqualTo(ImageFormat.VPC);
        assertThat(group(FORMAT, QemuImg.ok(dir, "info", "--output=json", "f.vhd").out())).isEqualTo("raw");
    }

    @Test
    void aDeclaredRawFormatReadsTheFileAsItIs() throws Exception {
        QemuImg.ok(dir, "create", "-f", "vhdx", "d.vhdx", "64M");
        Path image = dir.resolve("d.vhdx");
        try (DiskImage img = Images.open(image, Images.OpenOptions.of(true).withFormat(ImageFormat.RAW))) {
            assertThat(img.format()).isEqualTo(ImageFormat.RAW);
            assertThat(img.virtualSize()).isEqualTo(Files.size(image));
        }
    }

    @Test
    void aProbedRawImageRefusesWritesThatWouldChangeItsFormat() throws Exception {
        Path image = Files.write(dir.resolve("plain.img"), new byte[1 << 20]);
        byte[] qcow2 = ByteBuffer.allocate(512).putInt(0x514649fb).putInt(3).array();
        try (DiskImage img = Images.open(image, false)) {
            img.write(512, qcow2, 0, 512);
            img.write(0, new byte[] {'h', 'e', 'l', 'l', 'o'}, 0, 5);
            assertThatThrownBy(() -> img.write(0, qcow2, 0, 8)).isInstanceOfSatisfying(ImageException.class, e -> {
                assertThat(e.kind()).isEqualTo(ImageException.Kind.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("was detected as raw").contains("qcow2 signature");
            });
            byte[] footer = "conectix".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> img.write((1 << 20) - 512, footer, 0, footer.length))
                    .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.getMessage())
                            .contains("VHD (Virtual PC) signature"));
            img.write((1 << 20) - 511, footer, 0, footer.length);
        }
        assertThat(Images.probe(image)).isEqualTo(ImageFormat.RAW);
        try (DiskImage img = Images.open(image, Images.OpenOptions.of(false).withFormat(ImageFormat.RAW))) {
            img.write(0, qcow2, 0, 8);
        }
        assertThat(Images.probe(image)).isEqualTo(ImageFormat.QCOW2);
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s in %s", p, text).isTrue();
        return m.group(1);
    }
}
