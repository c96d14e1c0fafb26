package io.jvirt.image.qcow2;

import io.jvirt.image.CheckResult;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzz: a valid qcow2 image (with snapshot, compressed and zero clusters) gets random byte
 * mutations, concentrated on its metadata; opening, reading everything and checking it may
 * only fail with an {@link ImageException}, never another exception, a hang or a huge allocation.
 */
class MutatedImagePropertyTest {

    private static Path dir;
    private static byte[] pristine;

    record Mutation(int offset, byte value) {
    }

    @BeforeContainer
    static void makeImage() throws Exception {
        dir = Files.createTempDirectory("jvirt-fuzz");
        Path p = dir.resolve("seed.qcow2");
        Images.create(p, CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).clusterSize(4096).build());
        try (Qcow2Image img = (Qcow2Image) Images.open(p, false)) {
            byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(100).getBytes();
            img.writeCompressed(2, Compression.compress(img.compressionType(), java.util.Arrays.copyOf(text, 4096), 0, 4096));
            img.write(0, text, 0, 3000);
            Qcow2Snapshots.create(img, "s");
            img.write(100_000, text, 0, 4000);
            img.writeZeroes(0, 4096);
        }
        pristine = Files.readAllBytes(p);
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        try (var s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> meta = Arbitraries.integers().between(0, Math.min(pristine.length - 1, 6 * 4096));
        Arbitrary<Integer> any = Arbitraries.integers().between(0, pristine.length - 1);
        Arbitrary<Integer> off = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 111)),
                net.jqwik.api.Tuple.of(4, meta), net.jqwik.api.Tuple.of(1, any));
        Arbitrary<Byte> val = Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) 0, (byte) 0xff, (byte) 0x80));
        return Combinators.combine(off, val).as(Mutation::new).list().ofMinSize(1).ofMaxSize(8);
    }

    /** Found by this property (seed 397338874719160837): a snapshot table offset with its top bit set. */
    @Example
    void aNegativeSnapshotTableOffsetFailsCleanly() throws Exception {
        List<Mutation> ms = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ms.add(new Mutation(64 + i, (byte) 0xff));
        }
        mutatedImagesFailCleanly(ms);
    }

    @Property(tries = 300)
    void mutatedImagesFailCleanly(@ForAll("mutations") List<Mutation> ms) throws Exception {
        byte[] b = pristine.clone();
        for (Mutation m : ms) {
            b[m.offset()] = m.value();
        }
        Path p = dir.resolve("mut.qcow2");
        Files.write(p, b);
        try (DiskImage img = Images.open(p, Images.OpenOptions.of(true).withBacking(false))) {
            long size = Math.min(img.virtualSize(), 4 << 20);
            byte[] buf = new byte[65536];
            for (long off = 0; off < size; off += buf.length) {
                img.read(off, buf, 0, (int) Math.min(buf.length, size - off));
            }
            img.info();
        } catch (ImageException expected) {
            // a clear error is the wanted outcome for broken files
        }
        try {
            Qcow2Checker.check(p, CheckResult.Repair.NONE);
        } catch (ImageException expected) {
            // idem
        }
    }
}
