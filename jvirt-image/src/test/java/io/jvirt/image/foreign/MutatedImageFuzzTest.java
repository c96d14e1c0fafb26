package io.jvirt.image.foreign;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the readers: small valid images from qemu-img get random bytes and words
 * overwritten, biased towards headers and tables, and are optionally truncated. Probing
 * and reading must then either succeed or fail with {@link ImageException}, naming the
 * file; any other exception, a hang or an out-of-memory error fails the property.
 */
class MutatedImageFuzzTest {

    /** Guest size of the fuzzed images: 200 KiB and three sectors. */
    private static final int SOURCE_SIZE = 200 * 1024 + 3 * 512;
    private static final long[] INTERESTING = {0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x200, 0xffff, 0x7fff_ffffL,
        0x8000_0000L, 0xffff_fffeL, 0xffff_ffffL, 1L << 40, Long.MAX_VALUE, -1L, Long.MIN_VALUE};

    private static Path dir;
    private static List<byte[]> samples;

    /**
     * One edit of an image.
     *
     * @param region    0 the first sector, 1 the first 16 KiB, 2 the last 1.5 KiB, 3 anywhere
     * @param where     a fraction of the region, in millionths
     * @param width     1, 4 or 8 bytes
     * @param value     the value written
     * @param bigEndian whether a word is written big-endian
     */
    record Mutation(int region, int where, int width, long value, boolean bigEndian) {

        void apply(byte[] image) {
            int length = image.length;
            int start = region == 2 ? Math.max(0, length - 1536) : 0;
            int span = switch (region) {
                case 0 -> Math.min(length, 512);
                case 1 -> Math.min(length, 16384);
                case 2 -> length - start;
                default -> length;
            };
            int at = start + (int) ((long) where * span / 1_000_000);
            if (at + width > length) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(image).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            switch (width) {
                case 1 -> b.put(at, (byte) value);
                case 4 -> b.putInt(at, (int) value);
                default -> b.putLong(at, value);
            }
        }
    }

    @BeforeContainer
    static void createSamples() throws IOException {
        dir = Files.createTempDirectory("jvirt-foreign-fuzz");
        Path raw = Samples.writeSource(dir, "source.raw", SOURCE_SIZE, 9);
        samples = new ArrayList<>();
        for (Samples sample : Samples.values()) {
            samples.add(Files.readAllBytes(sample.create(raw, dir)));
        }
    }

    @AfterContainer
    static void deleteSamples() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 1000, seed = "20261122", edgeCases = EdgeCasesMode.NONE)
    void mutatedImagesAreReadOrRejectedCleanly(@ForAll("sampleIndex") int sample,
            @ForAll("mutations") List<Mutation> mutations, @ForAll("cut") int cutPermille) throws IOException {
        byte[] image = samples.get(sample).clone();
        for (Mutation m : mutations) {
            m.apply(image);
        }
        int length = cutPermille >= 1000 ? image.length : (int) ((long) image.length * cutPermille / 1000);
        Path file = dir.resolve("mutated");
        Files.write(file, Arrays.copyOf(image, length));
        String outcome;
        try {
            outcome = exercise(file);
        } catch (ImageException e) {
            assertThat(e.path()).isEqualTo(file);
            assertThat(e.getMessage()).startsWith("image " + file + " ").endsWith(".");
            outcome = "rejected as " + e.kind();
        }
        Statistics.label("outcome").collect(Samples.values()[sample] + " " + outcome);
    }

    /**
     * Probes, then reads the start, the end and a few spots, and walks part of the
     * allocation map.
     *
     * @return how it went, for the statistics
     */
    private static String exercise(Path file) {
        Optional<ForeignImage> probed = ForeignFormats.probe(file);
        if (probed.isEmpty()) {
            return "not recognised";
        }
        try (ForeignImage img = probed.get()) {
            long size = img.virtualSize();
            assertThat(size).isBetween(0L, ForeignImage.MAX_VIRTUAL_SIZE);
            byte[] buf = new byte[64 * 1024];
            for (long pos = 0; pos < Math.min(size, 1 << 20); pos += buf.length) {
                img.read(pos, buf, 0, buf.length);
            }
            if (size > 0) {
                img.read(Math.max(0, size - buf.length), buf, 0, buf.length);
                for (int i = 1; i < 8; i++) {
                    img.read(size / 8 * i, buf, 0, 4096);
                }
                long pos = 0;
                for (int i = 0; i < 64 && pos < size; i++) {
                    Extent e = img.status(pos, Long.MAX_VALUE);
                    assertThat(e.offset()).isEqualTo(pos);
                    pos = e.end();
                }
            }
            return "read";
        }
    }

    @Provide
    Arbitrary<Integer> sampleIndex() {
        return Arbitraries.integers().between(0, Samples.values().length - 1);
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(1000)),
                Tuple.of(1, Arbitraries.integers().between(0, 999)
                        .withDistribution(RandomDistribution.uniform())));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> region = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(2, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(3)));
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 999_999)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> width = Arbitraries.of(1, 1, 4, 8);
        Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.of(toList(INTERESTING)), Arbitraries.longs());
        Arbitrary<Boolean> bigEndian = Arbitraries.of(true, false);
        Arbitrary<Mutation> mutation = Combinators.combine(region, where, width, value, bigEndian).as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(6);
    }

    private static List<Long> toList(long[] values) {
        List<Long> list = new ArrayList<>();
        for (long v : values) {
            list.add(v);
        }
        return list;
    }
}
