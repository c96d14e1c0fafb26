package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.WriteCache;
import io.jvirt.image.internal.FileAccess;
import io.jvirt.image.internal.OpenSpy;
import io.jvirt.image.ops.ConvertOptions;
import io.jvirt.image.ops.Converter;
import io.jvirt.image.ops.Progress;
import io.jvirt.image.raw.RawImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * convert -t none and -t directsync: the target is written past the page cache in whole blocks,
 * holes stay holes, and qemu-img finds the same guest bytes (and a clean qcow2) as with writeback.
 */
class ConvertDirectInteropTest {

    private static final long ALIGNED = 16L << 20;
    /** Not a multiple of any block size: the last piece of data ends mid-block. */
    private static final long UNALIGNED = (16L << 20) + 1000;
    /** The bytes of data {@link #source} writes: four pieces of 1 MiB and one at the end. */
    private static final long DATA = (4L << 20) + 5000;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(ImageFormat.RAW, WriteCache.NONE, ALIGNED),
                Arguments.of(ImageFormat.RAW, WriteCache.NONE, UNALIGNED),
                Arguments.of(ImageFormat.RAW, WriteCache.DIRECTSYNC, UNALIGNED),
                Arguments.of(ImageFormat.QCOW2, WriteCache.NONE, ALIGNED),
                Arguments.of(ImageFormat.QCOW2, WriteCache.NONE, UNALIGNED),
                Arguments.of(ImageFormat.QCOW2, WriteCache.DIRECTSYNC, UNALIGNED));
    }

    @ParameterizedTest(name = "{0} -t {1}, {2} bytes")
    @MethodSource("cases")
    void theTargetIsWrittenPastThePageCacheAndComparesIdentical(ImageFormat fmt, WriteCache cache, long size)
            throws Exception {
        Path src = source(size);
        Path dst = dir.resolve("out." + fmt.qemuName());
        OpenSpy spy = new OpenSpy(OpenSpy.Direct.ALLOW);
        ScopedValue.where(FileAccess.OPENER, spy).run(() -> convert(src, dst, fmt, cache));

        assertThat(QemuImg.run(dir, "compare", "-f", "raw", "-F", fmt.qemuName(), src.toString(), dst.toString())
                .exit()).isZero();
        if (fmt == ImageFormat.QCOW2) {
            QemuImg.Run check = QemuImg.run(dir, "check", dst.toString());
            assertThat(check.exit()).as(check.out()).isZero();
        } else {
            assertThat(Files.size(dst)).isEqualTo(size);
        }
        // the 11 MiB of holes were skipped and stay holes
        assertThat(RawImage.actualSize(dst)).isLessThan(DATA + (2L << 20));
        // the data went past the page cache, all but the piece that ends mid-block
        assertThat(spy.bytes(dst, true)).isGreaterThanOrEqualTo(DATA - 4096);
        assertThat(spy.bytes(dst, false)).isLessThan(256 << 10);
    }

    @Test
    void whereODirectIsRefusedTheCopyIsWrittenThroughThePageCache() throws Exception {
        Path src = source(UNALIGNED);
        Path dst = dir.resolve("out.qcow2");
        OpenSpy spy = new OpenSpy(OpenSpy.Direct.REFUSE_AT_OPEN);
        ScopedValue.where(FileAccess.OPENER, spy).run(() -> convert(src, dst, ImageFormat.QCOW2, WriteCache.NONE));

        assertThat(QemuImg.run(dir, "compare", "-f", "raw", "-F", "qcow2", src.toString(), dst.toString()).exit())
                .isZero();
        assertThat(QemuImg.run(dir, "check", dst.toString()).exit()).isZero();
        assertThat(spy.openings()).anyMatch(OpenSpy.Opening::direct);
        assertThat(spy.bytes(dst, true)).isZero();
        assertThat(spy.bytes(dst, false)).isGreaterThanOrEqualTo(DATA);
    }

    @Test
    void qemuImgReadsWhatJvirtWroteAndViceVersa() throws Exception {
        Path src = source(UNALIGNED);
        QemuImg.ok(dir, "convert", "-t", "none", "-f", "raw", "-O", "qcow2", src.toString(), "qemu.qcow2");
        Path dst = dir.resolve("jvirt.qcow2");
        try (DiskImage in = Images.open(dir.resolve("qemu.qcow2"), true)) {
            CreateOptions create = CreateOptions.builder(ImageFormat.QCOW2, in.virtualSize()).build();
            Converter.convert(in, dst, ImageFormat.QCOW2,
                    new ConvertOptions(create, false, 4096, false, 1, WriteCache.NONE), Progress.NONE);
        }
        assertThat(QemuImg.run(dir, "compare", "qemu.qcow2", "jvirt.qcow2").exit()).isZero();
        assertThat(QemuImg.run(dir, "check", "jvirt.qcow2").exit()).isZero();
    }

    private static void convert(Path src, Path dst, ImageFormat fmt, WriteCache cache) {
        try (DiskImage in = Images.open(src, true)) {
            CreateOptions create = CreateOptions.builder(fmt, in.virtualSize()).build();
            Converter.convert(in, dst, fmt, new ConvertOptions(create, false, 4096, false, 1, cache), Progress.NONE);
        }
    }

    /** A sparse raw file: four MiB of random data at scattered offsets, 5000 bytes at the very end, holes between. */
    private Path source(long size) throws Exception {
        Path src = dir.resolve("src.raw");
        Images.create(src, CreateOptions.builder(ImageFormat.RAW, size).build());
        Random r = new Random(size);
        try (DiskImage img = Images.open(src, false)) {
            byte[] data = new byte[1 << 20];
            for (long at : new long[] {0, 3L << 20, (7L << 20) + 4096, 12L << 20}) {
                r.nextBytes(data);
                img.write(at, data, 0, data.length);
            }
            byte[] tail = new byte[5000];
            r.nextBytes(tail);
            img.write(size - tail.length, tail, 0, tail.length);
        }
        return src;
    }
}
