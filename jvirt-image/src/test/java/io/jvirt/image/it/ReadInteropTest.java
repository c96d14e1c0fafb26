package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CheckResult;
import io.jvirt.image.DiskImage;
import io.jvirt.image.Images;
import io.jvirt.image.qcow2.Qcow2Checker;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Images written by qemu-img read back byte-identical, and check agrees with qemu-img check. */
class ReadInteropTest {

    @TempDir
    Path dir;

    static Stream<Arguments> layouts() {
        return Stream.of("512", "4k", "64k", "2M").flatMap(cs -> Stream.of(
                Arguments.of(cs, "plain"), Arguments.of(cs, "zlib"), Arguments.of(cs, "zstd"), Arguments.of(cs, "v2")));
    }

    @ParameterizedTest(name = "cluster {0} {1}")
    @MethodSource("layouts")
    void qemuImagesReadBackIdentical(String cs, String kind) throws Exception {
        Path src = Fixtures.source(dir);
        String opts = "cluster_size=" + cs + switch (kind) {
            case "zstd" -> ",compression_type=zstd";
            case "v2" -> ",compat=0.10";
            default -> "";
        };
        boolean compress = kind.equals("zlib") || kind.equals("zstd");
        if (compress) {
            QemuImg.ok(dir, "convert", "-c", "-O", "qcow2", "-o", opts, "src.raw", "q.qcow2");
        } else {
            QemuImg.ok(dir, "convert", "-O", "qcow2", "-o", opts, "src.raw", "q.qcow2");
        }
        assertThat(readAll(dir.resolve("q.qcow2"))).isEqualTo(Files.readAllBytes(src));
        CheckResult c = Qcow2Checker.check(dir.resolve("q.qcow2"), CheckResult.Repair.NONE);
        assertThat(c.exitCode()).isZero();
        String qemu = QemuImg.run(dir, "check", "q.qcow2").out();
        assertThat(qemu).contains("Image end offset: " + c.imageEndOffset());
        assertThat(qemu).contains(c.allocatedClusters() + "/" + c.totalClusters() + " = ");
    }

    @Test
    void snapshotsAndBackingChainsReadBack() throws Exception {
        Fixtures.source(dir);
        QemuImg.ok(dir, "create", "-f", "qcow2", "base.qcow2", "8M");
        QemuImg.ok(dir, "convert", "-n", "-O", "qcow2", "src.raw", "base.qcow2");
        QemuImg.ok(dir, "create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "top.qcow2");
        QemuImg.ok(dir, "convert", "-O", "raw", "top.qcow2", "before.raw");
        QemuImg.ok(dir, "snapshot", "-c", "s1", "top.qcow2");
        QemuImg.ok(dir, "create", "-f", "qcow2", "-b", "top.qcow2", "-F", "qcow2", "leaf.qcow2");
        byte[] want = Files.readAllBytes(dir.resolve("src.raw"));
        assertThat(readAll(dir.resolve("leaf.qcow2"))).isEqualTo(want);
        try (Qcow2Image img = (Qcow2Image) Images.open(dir.resolve("top.qcow2"), true)) {
            assertThat(img.snapshots()).extracting(s -> s.name()).containsExactly("s1");
            Qcow2Snapshots.view(img, "s1");
            byte[] b = new byte[(int) img.virtualSize()];
            img.read(0, b, 0, b.length);
            assertThat(b).isEqualTo(Files.readAllBytes(dir.resolve("before.raw")));
        }
    }

    @Test
    void checkAgreesWithQemuAboutLeaksAndCorruption() throws Exception {
        Fixtures.source(dir);
        QemuImg.ok(dir, "convert", "-O", "qcow2", "src.raw", "leak.qcow2");
        Path p = dir.resolve("leak.qcow2");
        long end = Files.size(p);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(end + 65536);
            // Give the new cluster a refcount of 1 without referencing it: a leak.
            long rtOff = readLong(f, 48);
            long rb = readLong(f, rtOff);
            long idx = end / 65536;
            f.seek(rb + idx * 2);
            f.writeShort(1);
        }
        assertThat(QemuImg.run(dir, "check", "leak.qcow2").exit()).isEqualTo(3);
        assertThat(Qcow2Checker.check(p, CheckResult.Repair.NONE).exitCode()).isEqualTo(3);
        CheckResult fixed = Qcow2Checker.check(p, CheckResult.Repair.LEAKS);
        assertThat(fixed.exitCode()).isZero();
        assertThat(fixed.leaksFixed()).isEqualTo(1);
        assertThat(QemuImg.run(dir, "check", "leak.qcow2").exit()).isZero();
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            long rtOff = readLong(f, 48);
            long rb = readLong(f, rtOff);
            f.seek(rb);
            f.writeShort(0);
        }
        assertThat(QemuImg.run(dir, "check", "leak.qcow2").exit()).isEqualTo(2);
        assertThat(Qcow2Checker.check(p, CheckResult.Repair.NONE).exitCode()).isEqualTo(2);
        assertThat(Qcow2Checker.check(p, CheckResult.Repair.ALL).exitCode()).isZero();
        assertThat(QemuImg.run(dir, "check", "leak.qcow2").exit()).isZero();
    }

    private static long readLong(RandomAccessFile f, long at) throws Exception {
        f.seek(at);
        return f.readLong();
    }

    static byte[] readAll(Path p) {
        try (DiskImage img = Images.open(p, true)) {
            byte[] b = new byte[(int) img.virtualSize()];
            for (int off = 0; off < b.length; off += 1 << 20) {
                img.read(off, b, off, Math.min(1 << 20, b.length - off));
            }
            return b;
        }
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
