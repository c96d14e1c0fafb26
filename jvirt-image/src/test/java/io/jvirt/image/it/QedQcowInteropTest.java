package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.ImageInfo;
import io.jvirt.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** QED and qcow (version 1) images made by qemu-img and qemu-io read back as qemu reads them. */
class QedQcowInteropTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"qed,cluster_size=4k", "qed,cluster_size=64k", "qed,table_size=16", "qed,table_size=2", "qcow,"})
    void convertedImagesReadBack(String format, String options) throws Exception {
        Fixtures.source(dir);
        if (options == null) {
            QemuImg.ok(dir, "convert", "-f", "raw", "-O", format, "src.raw", "d." + format);
        } else {
            QemuImg.ok(dir, "convert", "-f", "raw", "-O", format, "-o", options, "src.raw", "d." + format);
        }
        assertReadsAsQemu("d." + format, ImageFormat.parse(format));
    }

    @Test
    void qedZeroClustersAndARawBackingFile() throws Exception {
        Fixtures.source(dir);
        QemuImg.ok(dir, "create", "-f", "qed", "-b", "src.raw", "-F", "raw", "top.qed");
        qemuIo("qed", "top.qed", "write -P 0x61 64k 200k");
        qemuIo("qed", "top.qed", "write -z 1M 256k");
        qemuIo("qed", "top.qed", "write -P 0x62 8388096 512");
        assertReadsAsQemu("top.qed", ImageFormat.QED);
        try (DiskImage img = Images.open(dir.resolve("top.qed"), true)) {
            ImageInfo info = img.info();
            assertThat(info.backingFilename()).isEqualTo("src.raw");
            assertThat(info.backingFormat()).isEqualTo("raw");
            assertThat(img.backing().orElseThrow().format()).isEqualTo(ImageFormat.RAW);
        }
    }

    /** A qcow image with a backing file has 512-byte clusters; a compressed write is one cluster. */
    @Test
    void qcowCompressedClustersAndAQcow2BackingFile() throws Exception {
        Fixtures.source(dir);
        QemuImg.ok(dir, "convert", "-f", "raw", "-O", "qcow2", "src.raw", "base.qcow2");
        QemuImg.ok(dir, "create", "-f", "qcow", "-b", "base.qcow2", "-F", "qcow2", "top.qcow");
        qemuIo("qcow", "top.qcow", "write -c -P 0x71 0 512");
        qemuIo("qcow", "top.qcow", "write -c -P 0x72 20k 512");
        qemuIo("qcow", "top.qcow", "write -P 0x73 3000000 70000");
        assertReadsAsQemu("top.qcow", ImageFormat.QCOW);
        try (DiskImage img = Images.open(dir.resolve("top.qcow"), true)) {
            assertThat(img.backing().orElseThrow().format()).as("probed, as qcow names no format")
                    .isEqualTo(ImageFormat.QCOW2);
        }
    }

    @Test
    void aBackingChainThatLoopsIsRefused() throws Exception {
        QemuImg.ok(dir, "create", "-f", "qed", "a.qed", "1M");
        QemuImg.ok(dir, "create", "-f", "qed", "-u", "-b", "b.qed", "-F", "qed", "a2.qed", "1M");
        QemuImg.ok(dir, "create", "-f", "qed", "-u", "-b", "a2.qed", "-F", "qed", "b.qed", "1M");
        assertThatThrownBy(() -> Images.open(dir.resolve("b.qed"), true)).isInstanceOfSatisfying(
                ImageException.class, e -> assertThat(e.kind()).isEqualTo(ImageException.Kind.BACKING));
    }

    private void assertReadsAsQemu(String name, ImageFormat format) throws Exception {
        QemuImg.ok(dir, "convert", "-O", "raw", name, name + ".raw");
        byte[] expected = Files.readAllBytes(dir.resolve(name + ".raw"));
        assertThat(Images.probe(dir.resolve(name))).isEqualTo(format);
        try (DiskImage img = Images.open(dir.resolve(name), true)) {
            assertThat(img.format()).isEqualTo(format);
            byte[] actual = new byte[(int) img.virtualSize()];
            img.read(0, actual, 0, actual.length);
            assertThat(actual.length).isEqualTo(expected.length);
            assertThat(Arrays.mismatch(actual, expected)).as("first differing offset").isEqualTo(-1);
        }
    }

    private void qemuIo(String format, String name, String command) throws Exception {
        Process p = new ProcessBuilder("qemu-io", "-f", format, "-c", command, dir.resolve(name).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
