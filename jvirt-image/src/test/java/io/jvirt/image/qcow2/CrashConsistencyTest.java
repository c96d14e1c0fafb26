package io.jvirt.image.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.Preallocation;
import io.jvirt.image.internal.FileAccess;
import io.jvirt.image.internal.WriteLog;
import io.jvirt.image.ops.ChainEdits;
import io.jvirt.image.ops.ConvertOptions;
import io.jvirt.image.ops.Converter;
import io.jvirt.image.ops.Progress;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash consistency of every qcow2 operation that writes metadata. Each operation runs through
 * a recording file layer ({@link WriteLog}); the test then rebuilds the files as a crash at many
 * points would leave them (all unsynced writes lost, all kept, random subsets of 4 KiB pieces
 * kept) and holds each crash image to the engine's promise: qemu-img check finds at worst
 * leaked clusters, and after {@code jvirt img check -r leaks} nothing at all. The seed is fixed
 * (override with -Djvirt.crashSeed=N); a failure names the operation, crash point and loss.
 */
class CrashConsistencyTest {

    private static final long SEED = Long.getLong("jvirt.crashSeed", 20261206L);
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    /** An operation on the files of a directory. */
    @FunctionalInterface
    interface Step {
        void run(Path work) throws Exception;
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                op("convert to qcow2, 4 KiB clusters", w -> source(w, 6 * MIB, false), w -> convert(w, false, b -> b),
                        "out.qcow2"),
                op("convert -c to qcow2", w -> source(w, 6 * MIB, true), w -> convert(w, true, b -> b), "out.qcow2"),
                op("convert to 512 B clusters (refcount table growth)", w -> source(w, 8 * MIB, false),
                        w -> convert(w, false, b -> b.clusterSize(512)), "out.qcow2"),
                op("create with metadata preallocation", w -> { }, w -> Images.create(w.resolve("new.qcow2"),
                        CreateOptions.builder(ImageFormat.QCOW2, 8 * MIB).clusterSize(4096)
                                .preallocation(Preallocation.METADATA).build()), "new.qcow2"),
                op("writes, discards and zeroes over a snapshot, 4-table L2 cache", CrashConsistencyTest::snapshotted,
                        w -> scribble(w.resolve("disk.qcow2"), 4 * 4096), "disk.qcow2"),
                op("writes on 512 B clusters, 4-table L2 cache (a barrier per eviction batch)",
                        w -> filled(w.resolve("disk.qcow2"), 4 * MIB, 512),
                        w -> scribble(w.resolve("disk.qcow2"), 4 * 512), "disk.qcow2"),
                op("writes, discards and zeroes on a v2 (0.10) image", w -> {
                    Images.create(w.resolve("disk.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, 8 * MIB)
                            .clusterSize(4096).compat("0.10").build());
                    try (DiskImage img = Images.open(w.resolve("disk.qcow2"), false)) {
                        img.write(MIB, bytes(3 * (int) MIB, 1), 0, 3 * (int) MIB);
                    }
                }, w -> scribble(w.resolve("disk.qcow2"), 8 * 4096), "disk.qcow2"),
                op("writes over compressed clusters", w -> {
                    source(w, 4 * MIB, true);
                    convert(w, true, b -> b);
                }, w -> scribble(w.resolve("out.qcow2"), L2Cache.DEFAULT_BYTES), "out.qcow2"),
                op("resize grow across L1 growth, then write", w -> filled(w.resolve("disk.qcow2"), MIB, 512),
                        w -> {
                            ChainEdits.resize(w.resolve("disk.qcow2"), null, 64 * MIB, false);
                            try (DiskImage img = Images.open(w.resolve("disk.qcow2"), false)) {
                                img.write(40 * MIB, bytes(70_000, 7), 0, 70_000);
                            }
                        }, "disk.qcow2"),
                op("resize shrink", w -> filled(w.resolve("disk.qcow2"), 16 * MIB, 4096),
                        w -> ChainEdits.resize(w.resolve("disk.qcow2"), null, 5 * MIB, true), "disk.qcow2"),
                op("snapshot create", CrashConsistencyTest::snapshotted,
                        w -> snapshot(w, img -> Qcow2Snapshots.create(img, "two")), "disk.qcow2"),
                op("snapshot apply", CrashConsistencyTest::twoSnapshots,
                        w -> snapshot(w, img -> Qcow2Snapshots.apply(img, "one")), "disk.qcow2"),
                op("snapshot delete (older)", CrashConsistencyTest::twoSnapshots,
                        w -> snapshot(w, img -> Qcow2Snapshots.delete(img, "one")), "disk.qcow2"),
                op("snapshot delete (newer: COPIED flags come back)", CrashConsistencyTest::twoSnapshots,
                        w -> snapshot(w, img -> Qcow2Snapshots.delete(img, "two")), "disk.qcow2"),
                op("commit", CrashConsistencyTest::chain,
                        w -> ChainEdits.commit(w.resolve("top.qcow2"), null, false, Progress.NONE),
                        "top.qcow2", "base.qcow2"),
                op("rebase (safe)", w -> {
                    chain(w);
                    filled(w.resolve("other.qcow2"), 8 * MIB, 4096, 99);
                }, w -> ChainEdits.rebase(w.resolve("top.qcow2"), "other.qcow2", ImageFormat.QCOW2, false,
                        Progress.NONE), "top.qcow2"));
    }

    private static Arguments op(String name, Step setup, Step action, String... images) {
        return Arguments.of(name, setup, action, List.of(images));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void everyCrashImageHasAtWorstLeaks(String name, Step setup, Step action, List<String> images) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        setup.run(work);
        long t0 = System.nanoTime();
        WriteLog log = new WriteLog();
        ScopedValue.where(FileAccess.OPENER, log).call(() -> {
            action.run(work);
            return null;
        });
        for (String image : images) {
            assertThat(CrashVerifier.qemuImg(work, "check", image).exit()).as("%s leaves %s clean", name, image)
                    .isZero();
        }
        CrashVerifier verifier = new CrashVerifier(Files.createDirectories(dir.resolve("crash")),
                SEED ^ name.hashCode(), 5, 2);
        long t1 = System.nanoTime();
        CrashVerifier.Report r = verifier.verify(name, log, work, images);
        System.out.printf("%s: %d effects, %d fsyncs, %d crash images, %d with leaks, %d failing (%d + %d ms)%n", name,
                log.ops().size(), log.ops().stream().filter(WriteLog.Sync.class::isInstance).count(), r.crashImages(),
                r.withLeaks(), r.failures().size(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        assertThat(r.failures()).as("crash images of '%s' with more than leaked clusters", name).isEmpty();
        assertThat(r.crashImages()).isGreaterThan(3);
    }

    private static void convert(Path w, boolean compress, UnaryOperator<CreateOptions.Builder> f) {
        try (DiskImage in = Images.open(w.resolve("src.raw"), true)) {
            CreateOptions co = f.apply(CreateOptions.builder(ImageFormat.QCOW2, in.virtualSize()).clusterSize(4096))
                    .build();
            Converter.convert(in, w.resolve("out.qcow2"), ImageFormat.QCOW2,
                    new ConvertOptions(co, compress, 4096, false, 2), Progress.NONE);
        }
    }

    /** A sparse raw file: random or text runs, a zero run, holes. */
    private static void source(Path w, long size, boolean text) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(w.resolve("src.raw").toFile(), "rw")) {
            f.setLength(size);
            Random r = new Random(size);
            for (int k = 0; k < 5; k++) {
                long pos = k * size / 5 + r.nextInt(9_000);
                int len = (int) Math.min(size / 8 + r.nextInt(50_000), size - pos);
                f.seek(pos);
                f.write(text ? text(len) : bytes(len, r.nextInt()), 0, len);
            }
            f.seek(size / 2);
            f.write(new byte[100_000]);
        }
    }

    private static void filled(Path p, long size, int clusterSize) {
        filled(p, size, clusterSize, 0);
    }

    private static void filled(Path p, long size, int clusterSize, int seed) {
        Images.create(p, CreateOptions.builder(ImageFormat.QCOW2, size).clusterSize(clusterSize).build());
        try (DiskImage img = Images.open(p, false)) {
            for (long at = 0; at < size; at += size / 4) {
                int len = (int) Math.min(size / 6, size - at);
                img.write(at, bytes(len, (int) at + seed), 0, len);
            }
        }
    }

    /** An image with data, a snapshot "one" of it, and diverged data after the snapshot. */
    private static void snapshotted(Path w) {
        Path p = w.resolve("disk.qcow2");
        filled(p, 16 * MIB, 4096);
        try (Qcow2Image img = (Qcow2Image) Images.open(p, false)) {
            Qcow2Snapshots.create(img, "one");
            img.write(3 * MIB, bytes(200_000, 3), 0, 200_000);
            img.discard(9 * MIB, MIB);
        }
    }

    private static void twoSnapshots(Path w) {
        snapshotted(w);
        try (Qcow2Image img = (Qcow2Image) Images.open(w.resolve("disk.qcow2"), false)) {
            Qcow2Snapshots.create(img, "two");
            img.write(5 * MIB, bytes(100_000, 5), 0, 100_000);
        }
    }

    private static void snapshot(Path w, Consumer<Qcow2Image> op) {
        try (Qcow2Image img = (Qcow2Image) Images.open(w.resolve("disk.qcow2"), false)) {
            op.accept(img);
        }
    }

    /** base.qcow2 with data, top.qcow2 on it with data and zeroes of its own. */
    private static void chain(Path w) {
        filled(w.resolve("base.qcow2"), 8 * MIB, 4096);
        Images.create(w.resolve("top.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, 8 * MIB).clusterSize(4096)
                .backingFile("base.qcow2").backingFormat(ImageFormat.QCOW2).build());
        try (DiskImage img = Images.open(w.resolve("top.qcow2"), false)) {
            img.write(MIB + 100, bytes(300_000, 11), 0, 300_000);
            img.writeZeroes(4 * MIB, 256 * 1024);
            img.write(7 * MIB, bytes(4096, 12), 0, 4096);
        }
    }

    /** Random writes (allocating, in place, partial clusters), discards, zeroes, a flush and a writeCaches. */
    private static void scribble(Path p, long cacheBytes) {
        Random r = new Random(p.getFileName().toString().hashCode());
        try (Qcow2Image img = Qcow2Image.open(p, false, h -> null, cacheBytes)) {
            long size = img.virtualSize();
            for (int i = 0; i < 40; i++) {
                long at = (r.nextLong(size) / 512) * 512;
                int len = (int) Math.min(size - at, 1 + r.nextInt(3) * r.nextInt(40_000));
                switch (r.nextInt(5)) {
                    case 0 -> img.discard(at & ~4095L, Math.min(size - (at & ~4095L), 64 * 1024));
                    case 1 -> img.writeZeroes(at, Math.min(size - at, 70_000));
                    default -> img.write(at, bytes(len, i), 0, len);
                }
                if (i == 20) {
                    img.flush();
                } else if (i == 30) {
                    img.writeCaches();
                }
            }
        }
    }

    private static byte[] bytes(int len, int seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] text(int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < len; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.substring(0, len).getBytes(StandardCharsets.US_ASCII);
    }
}
