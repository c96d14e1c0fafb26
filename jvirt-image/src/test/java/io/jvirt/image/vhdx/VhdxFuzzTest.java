package io.jvirt.image.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.ForeignFormats;
import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.QemuImg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the VHDX reader where random bytes would only break a checksum: fields of the
 * headers, the region table, the metadata table and items, the BAT and a log entry are set to
 * edge values and random ones, and the checksums are then fixed (mostly), so the reader's own
 * checks are what stands between the values and the disk. Opening and reading must then
 * succeed or fail with an {@link ImageException} naming the file, within seconds; any other
 * exception, a hang or running out of memory fails the property.
 */
class VhdxFuzzTest {

    private static final long[] INTERESTING = {0, 1, 2, 4, 5, 6, 7, 0x7f, 0x80, 0xff, 0x200, 0x1000, 0xffff,
        1L << 20, (1L << 20) + 6, 3L << 20, 1L << 23, 1L << 28, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 1L << 40,
        1L << 46, Long.MAX_VALUE, -1L, Long.MIN_VALUE};
    private static final int[][] FIELDS = {
        {8, 48, 56, 64, 66, 68, 72},
        {0, 8, 16, 16 + 16, 16 + 24, 16 + 28, 48, 48 + 16, 48 + 24, 48 + 28},
        {10, 32, 32 + 16, 32 + 20, 32 + 24, 64 + 16, 64 + 20, 96 + 16, 128 + 16, 160 + 16},
        {0, 4, 8},
        {0, 8, 16, 24, 32, 40, 48, 56},
        {0, 4, 8, 12, 16, 24, 48, 56, 64, 68, 72, 80, 88, 4096, 4100, 8188},
    };

    private static Path dir;
    private static List<byte[]> samples;

    /**
     * One edit.
     *
     * @param target 0 headers, 1 region table, 2 metadata table, 3 metadata items, 4 BAT, 5 log
     * @param field which field of the target
     * @param index which entry (BAT entries, metadata items)
     * @param value the value written
     * @param width 1, 2, 4 or 8 bytes
     * @param fix whether checksums are fixed afterwards
     */
    record Mutation(int target, int field, int index, long value, int width, boolean fix) {

        void apply(byte[] image, VhdxBytes.Places p) {
            int[] fields = FIELDS[target];
            int offset = fields[Math.floorMod(field, fields.length)];
            long at = switch (target) {
                case 0 -> (index % 2 == 0 ? VhdxBytes.HEADER1 : VhdxBytes.HEADER2) + offset;
                case 1 -> VhdxBytes.REGIONS + offset;
                case 2 -> p.metadata() + offset;
                case 3 -> p.metadata() + itemOffset(image, p, index) + offset;
                case 4 -> p.bat() + Math.floorMod(index, 16) * 8L + offset % 8;
                default -> p.logOffset() + offset;
            };
            if (at < 0 || at + width > image.length) {
                return;
            }
            ByteBuffer b = VhdxBytes.le(image);
            switch (width) {
                case 1 -> b.put((int) at, (byte) value);
                case 2 -> b.putShort((int) at, (short) value);
                case 4 -> b.putInt((int) at, (int) value);
                default -> b.putLong((int) at, value);
            }
            if (fix) {
                VhdxBytes.fixChecksums(image);
                VhdxBytes.fixChecksum(image, (int) p.logOffset(), 8192);
            }
        }

        private static long itemOffset(byte[] image, VhdxBytes.Places p, int index) {
            ByteBuffer b = VhdxBytes.le(image);
            int table = (int) p.metadata();
            int entry = table + 32 + Math.floorMod(index, 5) * 32;
            return Integer.toUnsignedLong(b.getInt(entry + 16)) % (1 << 20);
        }
    }

    @BeforeContainer
    static void createSamples() throws Exception {
        dir = Files.createTempDirectory("jvirt-vhdx-fuzz");
        byte[] data = new byte[(4 << 20) + 3 * 512];
        for (int i = 0; i < data.length; i += 4096) {
            data[i] = (byte) (i >>> 12);
        }
        Path raw = Files.write(dir.resolve("src.raw"), data);
        samples = new ArrayList<>();
        for (String options : new String[] {"block_size=1M", "subformat=fixed,block_size=1M"}) {
            Path image = dir.resolve("sample.vhdx");
            Files.deleteIfExists(image);
            QemuImg.run("convert", "-q", "-f", "raw", "-O", "vhdx", "-o", options, raw.toString(), image.toString());
            samples.add(Files.readAllBytes(image));
        }
        byte[] dirty = samples.getFirst().clone();
        VhdxBytes.Places p = VhdxBytes.places(dirty);
        byte[] bat = java.util.Arrays.copyOfRange(dirty, (int) p.bat(), (int) p.bat() + 4096);
        VhdxBytes.le(bat).putLong(16, 2);
        VhdxBytes.writeLog(dirty, 0, 3, new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, dirty.length,
                List.of(List.of(VhdxBytes.Update.data(p.bat(), bat))));
        samples.add(dirty);
    }

    @AfterContainer
    static void deleteSamples() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 400, seed = "20261206", edgeCases = EdgeCasesMode.NONE)
    void mutatedStructuresAreReadOrRejectedCleanly(@ForAll("sample") int sample,
            @ForAll("mutations") List<Mutation> mutations) throws IOException {
        byte[] image = samples.get(sample).clone();
        VhdxBytes.Places places = VhdxBytes.places(image);
        for (Mutation m : mutations) {
            m.apply(image, places);
        }
        Path file = Files.write(dir.resolve("mutated.vhdx"), image);
        String outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                return exercise(file);
            } catch (ImageException e) {
                assertThat(e.path()).isEqualTo(file);
                assertThat(e.getMessage()).contains(file.toString()).endsWith(".");
                return "rejected as " + e.kind();
            }
        });
        Statistics.label("outcome").collect(sample + " " + outcome);
    }

    private static String exercise(Path file) {
        try (ForeignImage img = ForeignFormats.open(file)) {
            long size = img.virtualSize();
            byte[] buf = new byte[256 * 1024];
            for (long pos = 0; pos < Math.min(size, 8 << 20); pos += buf.length) {
                img.read(pos, buf, 0, buf.length);
            }
            if (size > 0) {
                img.read(Math.max(0, size - 4096), buf, 0, 4096);
                long pos = 0;
                for (int i = 0; i < 64 && pos < size; i++) {
                    Extent e = img.status(pos, Long.MAX_VALUE);
                    pos = e.end();
                }
            }
            return "read";
        }
    }

    @Provide
    Arbitrary<Integer> sample() {
        return Arbitraries.integers().between(0, 2);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> target = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> field = Arbitraries.integers().between(0, 99);
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 99);
        Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.of(toList()), Arbitraries.longs());
        Arbitrary<Integer> width = Arbitraries.of(1, 2, 4, 8, 8);
        Arbitrary<Boolean> fix = Arbitraries.of(true, true, true, false);
        return Combinators.combine(target, field, index, value, width, fix).as(Mutation::new).list().ofMinSize(1)
                .ofMaxSize(4);
    }

    private static List<Long> toList() {
        List<Long> list = new ArrayList<>();
        for (long v : INTERESTING) {
            list.add(v);
        }
        return list;
    }
}
