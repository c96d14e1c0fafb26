package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CompressionType;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.Preallocation;
import io.jvirt.image.ops.ConvertOptions;
import io.jvirt.image.ops.Converter;
import io.jvirt.image.ops.Progress;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every image jvirt writes passes qemu-img check and compares identical to its source. */
class WriteInteropTest {

    @TempDir
    Path dir;

    static Stream<Arguments> modes() {
        return Stream.of(
                mode("qcow2 defaults", false, b -> b),
                mode("qcow2 compressed zlib", true, b -> b),
                mode("qcow2 compressed zstd", true, b -> b.compressionType(CompressionType.ZSTD)),
                mode("qcow2 compressed 4k", true, b -> b.clusterSize(4096)),
                mode("qcow2 512 B clusters", false, b -> b.clusterSize(512)),
                mode("qcow2 2 MiB clusters", false, b -> b.clusterSize(2 << 20)),
                mode("qcow2 v2", false, b -> b.compat("0.10")),
                mode("qcow2 refcount 1 bit", false, b -> b.refcountBits(1)),
                mode("qcow2 refcount 2 bits 512 B", false, b -> b.refcountBits(2).clusterSize(512)),
                mode("qcow2 refcount 64 bits", false, b -> b.refcountBits(64)),
                mode("qcow2 lazy refcounts", false, b -> b.lazyRefcounts(true)),
                mode("qcow2 prealloc metadata", false, b -> b.preallocation(Preallocation.METADATA)),
                mode("qcow2 prealloc falloc", false, b -> b.preallocation(Preallocation.FALLOC)),
                mode("qcow2 prealloc full", false, b -> b.preallocation(Preallocation.FULL)));
    }

    private static Arguments mode(String name, boolean compress, UnaryOperator<CreateOptions.Builder> f) {
        return Arguments.of(name, compress, f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void convertedImagePassesQemuCheckAndCompare(String name, boolean compress, UnaryOperator<CreateOptions.Builder> f)
            throws Exception {
        Path src = Fixtures.source(dir);
        Path dst = dir.resolve("out.qcow2");
        CreateOptions co = f.apply(CreateOptions.builder(ImageFormat.QCOW2, Fixtures.SIZE)).build();
        try (DiskImage in = Images.open(src, true)) {
            Converter.convert(in, dst, ImageFormat.QCOW2, new ConvertOptions(co, compress, 4096, false, 2), Progress.NONE);
        }
        assertThat(QemuImg.run(dir, "check", "out.qcow2").exit()).as(QemuImg.run(dir, "check", "out.qcow2").out()).isZero();
        assertThat(QemuImg.run(dir, "compare", "src.raw", "out.qcow2").exit()).isZero();
    }

    @ParameterizedTest(name = "raw prealloc {0}")
    @MethodSource("rawModes")
    void rawTargetsCompareIdentical(Preallocation p) throws Exception {
        Path src = Fixtures.source(dir);
        CreateOptions co = CreateOptions.builder(ImageFormat.RAW, Fixtures.SIZE).preallocation(p).build();
        try (DiskImage in = Images.open(src, true)) {
            Converter.convert(in, dir.resolve("out.raw"), ImageFormat.RAW, new ConvertOptions(co, false, 4096, false, 1),
                    Progress.NONE);
        }
        assertThat(QemuImg.run(dir, "compare", "-f", "raw", "-F", "raw", "src.raw", "out.raw").exit()).isZero();
    }

    static Stream<Preallocation> rawModes() {
        return Stream.of(Preallocation.OFF, Preallocation.FALLOC, Preallocation.FULL);
    }
}
