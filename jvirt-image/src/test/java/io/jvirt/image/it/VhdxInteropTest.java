package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.foreign.QemuSamples;
import io.jvirt.image.ops.ConvertOptions;
import io.jvirt.image.ops.Converter;
import io.jvirt.image.ops.Progress;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * VHDX images made by the real qemu-img and qemu-io, and by Hyper-V and Disk2VHD (QEMU's
 * sample images), read back as qemu reads them: byte for byte, and through a conversion to
 * qcow2 that {@code qemu-img compare} calls identical.
 */
class VhdxInteropTest {

    /** 40 MiB and three sectors: no block size divides it. */
    private static final long SIZE = (40L << 20) + 3 * 512;

    @TempDir
    Path dir;

    /** A raw source with random data at scattered offsets, some across block boundaries. */
    private Path scatteredSource() throws Exception {
        Path p = dir.resolve("src.raw");
        Random r = new Random(11);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(SIZE);
            for (int i = 0; i < 30; i++) {
                byte[] b = new byte[1 + r.nextInt(300_000)];
                r.nextBytes(b);
                f.seek(r.nextLong(SIZE - b.length));
                f.write(b);
            }
            byte[] across = new byte[8192];
            r.nextBytes(across);
            f.seek((16L << 20) - 4096);
            f.write(across);
            f.seek(SIZE - 700);
            f.write(across, 0, 700);
        }
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"subformat=dynamic", "subformat=fixed", "subformat=dynamic,block_size=1M",
        "subformat=fixed,block_size=2M", "subformat=dynamic,block_size=32M", "subformat=dynamic,block_size=256M",
        "subformat=dynamic,block_state_zero=off"})
    void readsWhatQemuImgConverted(String options) throws Exception {
        Path src = scatteredSource();
        QemuImg.ok(dir, "convert", "-f", "raw", "-O", "vhdx", "-o", options, "src.raw", "d.vhdx");
        Path image = dir.resolve("d.vhdx");
        assertThat(Images.probe(image)).isEqualTo(ImageFormat.VHDX);
        try (DiskImage img = Images.open(image, true)) {
            assertThat(img.format()).isEqualTo(ImageFormat.VHDX);
            assertThat(img.virtualSize()).isEqualTo(SIZE);
            assertThat(img.info().clusterSize()).isEqualTo(clusterSizeQemuReports(image));
            assertThat(readAll(img)).isEqualTo(Files.readAllBytes(src));
        }
        assertConvertsIdentical(image);
    }

    @Test
    void readsScatteredWritesQemuIoMade() throws Exception {
        QemuImg.ok(dir, "create", "-f", "vhdx", "-o", "block_size=1M", "w.vhdx", "24M");
        String[] writes = {"write -P 0x11 0 512", "write -P 0x22 1000000 100000", "write -P 0x33 3145216 1024",
            "write -P 0x44 12582912 1048576", "write -z 12582912 524288", "write -P 0x55 25165312 512",
            "write -P 0x66 7340032 4096"};
        for (String w : writes) {
            Process p = new ProcessBuilder("qemu-io", "-f", "vhdx", "-c", w, dir.resolve("w.vhdx").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
        }
        Path image = dir.resolve("w.vhdx");
        QemuImg.ok(dir, "convert", "-f", "vhdx", "-O", "raw", "w.vhdx", "w.raw");
        try (DiskImage img = Images.open(image, true)) {
            assertThat(readAll(img)).isEqualTo(Files.readAllBytes(dir.resolve("w.raw")));
        }
        assertConvertsIdentical(image);
    }

    @Test
    void readsHyperVAndDisk2VhdImages() throws Exception {
        for (String name : new String[] {"iotest-dynamic-1G.vhdx", "test-disk2vhd.vhdx"}) {
            Path image = QemuSamples.unpack(name, dir);
            assertThat(Images.probe(image)).isEqualTo(ImageFormat.VHDX);
            assertConvertsIdentical(image);
        }
    }

    @Test
    void replaysADirtyLogInMemoryAsQemuReplaysIt() throws Exception {
        Path dirty = QemuSamples.unpack("iotest-dirtylog-10G-4M.vhdx", dir);
        String before = sha256(dirty);
        Path replayed = Files.copy(dirty, dir.resolve("replayed.vhdx"));
        QemuImg.ok(dir, "check", "-r", "all", "replayed.vhdx");
        assertThat(QemuImg.run(dir, "info", "-f", "vhdx", dirty.getFileName().toString()).out())
                .contains("contains a log that needs to be replayed");
        Path out = convert(dirty);
        assertThat(QemuImg.ok(dir, "compare", "-f", "vhdx", "-F", "qcow2", "replayed.vhdx",
                out.getFileName().toString()).out()).contains("Images are identical.");
        assertThat(sha256(dirty)).as("the dirty image is never written").isEqualTo(before);
    }

    private void assertConvertsIdentical(Path image) throws Exception {
        Path out = convert(image);
        String result = QemuImg.ok(dir, "compare", "-f", "vhdx", "-F", "qcow2", image.getFileName().toString(),
                out.getFileName().toString()).out();
        assertThat(result).contains("Images are identical.");
    }

    private Path convert(Path image) {
        Path out = dir.resolve(image.getFileName() + ".qcow2");
        try (DiskImage img = Images.open(image, true)) {
            CreateOptions create = CreateOptions.builder(ImageFormat.QCOW2, img.virtualSize()).build();
            Converter.convert(img, out, ImageFormat.QCOW2, new ConvertOptions(create, false, 4096, false, 1),
                    Progress.NONE);
        }
        return out;
    }

    private int clusterSizeQemuReports(Path image) {
        String info = QemuImg.ok(dir, "info", "--output=json", image.getFileName().toString()).out();
        int at = info.indexOf("\"cluster-size\": ");
        return Integer.parseInt(info.substring(at + 16).split("[,\\s]")[0]);
    }

    private static byte[] readAll(DiskImage img) {
        byte[] all = new byte[(int) img.virtualSize()];
        for (int pos = 0; pos < all.length; pos += 1 << 20) {
            img.read(pos, all, pos, Math.min(1 << 20, all.length - pos));
        }
        return all;
    }

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(Files.readAllBytes(p)));
    }
}
