package io.jvirt.image.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.internal.CrashImages;
import io.jvirt.image.internal.FileAccess;
import io.jvirt.image.internal.WriteLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DiskImage#flush} means durable for every format: after it returns, a crash that loses
 * every later unsynced write leaves exactly the flushed content, and one that keeps a random
 * part of them changes nothing outside the ranges written later. The writes after the flush
 * are never followed by a flush or close (the process "dies" with the image open).
 * (Raw images' hole punching and fallocate use a descriptor of their own, outside the
 * recording seam, so the raw case writes zeroes instead.)
 */
class FlushDurabilityTest {

    private static final long SIZE = 8L << 20;

    @TempDir
    Path dir;

    static Stream<Arguments> formats() {
        return Stream.of(Arguments.of("qcow2", CreateOptions.builder(ImageFormat.QCOW2, SIZE).clusterSize(4096).build()),
                Arguments.of("qcow2 v2", CreateOptions.builder(ImageFormat.QCOW2, SIZE).compat("0.10").build()),
                Arguments.of("raw", CreateOptions.builder(ImageFormat.RAW, SIZE).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void flushedWritesSurviveACrash(String name, CreateOptions options) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path image = work.resolve("disk");
        Images.create(image, options);
        Random r = new Random(7);
        byte[] flushed = new byte[(int) SIZE];
        long[] later = new long[2];
        WriteLog log = new WriteLog();
        ScopedValue.where(FileAccess.OPENER, log).run(() -> {
            DiskImage img = Images.open(image, false);
            for (int i = 0; i < 12; i++) {
                write(img, r, r.nextLong(SIZE - 200_000), 1 + r.nextInt(200_000));
            }
            zero(img, 3L << 20, 300_000);
            img.flush();
            img.read(0, flushed, 0, flushed.length);
            later[0] = 5L << 20;
            later[1] = 600_000;
            write(img, r, later[0], (int) later[1]);
            zero(img, 1L << 20, 70_000);
            // no flush, no close: the process dies here
        });
        Path crash = Files.createDirectories(dir.resolve("crash"));
        CrashImages.build(log, log.ops().size(), new CrashImages.DropAll(), f -> crash.resolve(f.getFileName()));
        assertThat(content(crash.resolve("disk"))).as("%s: everything flushed, nothing later", name)
                .isEqualTo(flushed);
        for (int i = 0; i < 5; i++) {
            CrashImages.build(log, log.ops().size(), new CrashImages.KeepSome(new Random(i), 0.5),
                    f -> crash.resolve(f.getFileName()));
            byte[] got = content(crash.resolve("disk"));
            for (long[] range : new long[][] {{0, 1L << 20}, {(1L << 20) + 70_000, later[0]},
                    {later[0] + later[1], SIZE}}) {
                for (long at = range[0]; at < range[1]; at += 4096) {
                    int n = (int) Math.min(4096, range[1] - at);
                    assertThat(Arrays.equals(got, (int) at, (int) at + n, flushed, (int) at, (int) at + n))
                            .as("%s: flushed bytes at %d kept by crash image %d", name, at, i).isTrue();
                }
            }
        }
    }

    /** Zeroes a range; raw images get written zeroes (their hole punching bypasses the file seam). */
    private static void zero(DiskImage img, long at, int len) {
        if (img.format() == ImageFormat.RAW) {
            img.write(at, new byte[len], 0, len);
        } else {
            img.writeZeroes(at, len);
        }
    }

    private static void write(DiskImage img, Random r, long at, int len) {
        byte[] b = new byte[len];
        r.nextBytes(b);
        img.write(at, b, 0, len);
    }

    private static byte[] content(Path p) {
        byte[] b = new byte[(int) SIZE];
        try (DiskImage img = Images.open(p, true)) {
            img.read(0, b, 0, b.length);
        }
        return b;
    }
}
