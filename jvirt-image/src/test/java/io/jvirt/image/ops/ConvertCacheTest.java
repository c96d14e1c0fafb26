package io.jvirt.image.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.WriteCache;
import io.jvirt.image.internal.FileAccess;
import io.jvirt.image.internal.WriteLog;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert -t: the target's cache mode decides its fsyncs, never its content. */
class ConvertCacheTest {

    private static final long SIZE = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void cacheModesParseAsQemuImgNamesThem() {
        assertThat(WriteCache.parse("writeback")).isEqualTo(WriteCache.WRITEBACK);
        assertThat(WriteCache.parse("none")).isEqualTo(WriteCache.NONE);
        assertThat(WriteCache.parse("writethrough")).isEqualTo(WriteCache.WRITETHROUGH);
        assertThat(WriteCache.parse("directsync")).isEqualTo(WriteCache.DIRECTSYNC);
        assertThat(WriteCache.parse("UNSAFE")).isEqualTo(WriteCache.UNSAFE);
        assertThatThrownBy(() -> WriteCache.parse("fast")).isInstanceOf(ImageException.class)
                .hasMessageContaining("Cache mode 'fast' is not known");
    }

    @Test
    void unsafeSyncsNothingAndWritesTheSameImage() throws Exception {
        Path src = source();
        WriteLog durable = new WriteLog();
        Path a = dir.resolve("a.qcow2");
        ScopedValue.where(FileAccess.OPENER, durable).run(() -> convert(src, a, WriteCache.WRITEBACK));
        WriteLog unsafe = new WriteLog();
        Path b = dir.resolve("b.qcow2");
        ScopedValue.where(FileAccess.OPENER, unsafe).run(() -> convert(src, b, WriteCache.UNSAFE));

        WriteLog create = new WriteLog();
        Path c = dir.resolve("c.qcow2");
        ScopedValue.where(FileAccess.OPENER, create)
                .run(() -> Images.create(c, CreateOptions.builder(ImageFormat.QCOW2, SIZE).build()));
        long creating = syncs(create, c);
        assertThat(syncs(durable, a)).as("writeback fsyncs the target").isGreaterThan(creating);
        assertThat(syncs(unsafe, b)).as("unsafe never fsyncs the target after creating it").isEqualTo(creating);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void writethroughOpensTheTargetWithDsync() throws Exception {
        Path src = source();
        List<Set<OpenOption>> opened = new ArrayList<>();
        FileAccess.Opener spy = (path, options) -> {
            if (path.getFileName().toString().equals("c.raw") && options.contains(StandardOpenOption.WRITE)) {
                opened.add(Set.copyOf(options));
            }
            return FileAccess.open(path, options);
        };
        Path c = dir.resolve("c.raw");
        ScopedValue.where(FileAccess.OPENER, spy).run(() -> convertTo(src, c, ImageFormat.RAW, WriteCache.WRITETHROUGH));
        // the last open is the copy's (creating the file opens it before, without DSYNC)
        assertThat(opened).isNotEmpty();
        assertThat(opened.getLast()).contains(StandardOpenOption.DSYNC);
    }

    private static long syncs(WriteLog log, Path target) {
        Path key = target.toAbsolutePath().normalize();
        return log.ops().stream().filter(op -> op instanceof WriteLog.Sync s && s.file().equals(key)).count();
    }

    private Path source() throws Exception {
        Path src = dir.resolve("src.raw");
        Images.create(src, CreateOptions.builder(ImageFormat.RAW, SIZE).build());
        try (DiskImage img = Images.open(src, false)) {
            Random r = new Random(3);
            byte[] data = new byte[1 << 20];
            for (int i = 0; i < 6; i++) {
                r.nextBytes(data);
                img.write((long) r.nextInt(15) << 20, data, 0, data.length);
            }
        }
        return src;
    }

    private static void convert(Path src, Path dst, WriteCache cache) {
        convertTo(src, dst, ImageFormat.QCOW2, cache);
    }

    private static void convertTo(Path src, Path dst, ImageFormat fmt, WriteCache cache) {
        try (DiskImage in = Images.open(src, true)) {
            CreateOptions create = CreateOptions.builder(fmt, in.virtualSize()).build();
            Converter.convert(in, dst, fmt, new ConvertOptions(create, false, 4096, false, 1, cache), p -> { });
        }
    }
}
