package io.jvirt.image.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageException.Kind;
import io.jvirt.image.Images;
import io.jvirt.image.foreign.QemuImg;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged VHDX files, each with one fault (checksums fixed where the fault is elsewhere), are
 * refused with an {@link ImageException} of the right kind whose sentence names the fault; a
 * damaged copy of a redundant structure falls back to the other copy.
 */
class VhdxHostileTest {

    @TempDir
    static Path dir;
    static byte[] clean;
    static VhdxBytes.Places places;

    @BeforeAll
    static void image() throws Exception {
        Path raw = dir.resolve("src.raw");
        byte[] data = new byte[6 << 20];
        Arrays.fill(data, 0, 3 << 20, (byte) 0x5a);
        Files.write(raw, data);
        Path image = dir.resolve("clean.vhdx");
        QemuImg.run("convert", "-q", "-f", "raw", "-O", "vhdx", "-o", "block_size=1M", raw.toString(),
                image.toString());
        clean = Files.readAllBytes(image);
        places = VhdxBytes.places(clean);
    }

    private static Path edited(String name, boolean fixChecksums, Consumer<ByteBuffer> edit) throws Exception {
        byte[] copy = clean.clone();
        edit.accept(VhdxBytes.le(copy));
        if (fixChecksums) {
            VhdxBytes.fixChecksums(copy);
        }
        return Files.write(dir.resolve(name + ".vhdx"), copy);
    }

    private static void readAll(Path image) {
        try (DiskImage img = Images.open(image, true)) {
            byte[] buf = new byte[1 << 20];
            for (long pos = 0; pos < img.virtualSize(); pos += buf.length) {
                img.read(pos, buf, 0, (int) Math.min(buf.length, img.virtualSize() - pos));
            }
        }
    }

    private static void assertRejected(Path image, Kind kind, String fragment) {
        Throwable t = catchThrowable(() -> readAll(image));
        assertThat(t).as("reading %s", image).isInstanceOf(ImageException.class);
        ImageException e = (ImageException) t;
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        assertThat(e.path()).isEqualTo(image);
        assertThat(e.getMessage()).contains(fragment).endsWith(".");
    }

    private int metadataItem(int first) {
        ByteBuffer b = VhdxBytes.le(clean);
        int table = (int) places.metadata();
        for (int i = 0; i < b.getShort(table + 10); i++) {
            if (b.getInt(table + 32 + i * 32) == first) {
                return table + b.getInt(table + 32 + i * 32 + 16);
            }
        }
        throw new AssertionError("no metadata item " + Integer.toHexString(first));
    }

    @Test
    void headers() throws Exception {
        assertRejected(edited("no-header", false, b -> {
            b.put(VhdxBytes.HEADER1 + 100, (byte) 1);
            b.put(VhdxBytes.HEADER2 + 100, (byte) 1);
        }), Kind.CORRUPT, "neither header");
        assertRejected(edited("same-sequence", true, b -> {
            b.putLong(VhdxBytes.HEADER1 + 8, 9);
            b.putLong(VhdxBytes.HEADER2 + 8, 9);
            b.put(VhdxBytes.HEADER2 + 40, (byte) 7);
        }), Kind.CORRUPT, "both headers carry the sequence number 9");
        assertRejected(edited("version-2", true, b -> {
            b.putShort(VhdxBytes.HEADER1 + 66, (short) 2);
            b.putShort(VhdxBytes.HEADER2 + 66, (short) 2);
        }), Kind.CORRUPT, "neither header");
        readAll(edited("one-header-damaged", false, b -> b.put(places.header() + 200, (byte) 1)));
    }

    @Test
    void log() throws Exception {
        assertRejected(edited("log-offset", true, b -> {
            b.putLong(VhdxBytes.HEADER1 + 72, 4096);
            b.putLong(VhdxBytes.HEADER2 + 72, 4096);
        }), Kind.CORRUPT, "the log offset 4096");
        assertRejected(edited("log-version", true, b -> {
            for (int h : new int[] {VhdxBytes.HEADER1, VhdxBytes.HEADER2}) {
                b.putShort(h + 64, (short) 1);
                b.putLong(h + 48, 0x1234);
            }
        }), Kind.UNSUPPORTED, "only version 0");
        assertRejected(edited("log-past-end", true, b -> {
            b.putLong(VhdxBytes.HEADER1 + 72, 1L << 40);
            b.putLong(VhdxBytes.HEADER2 + 72, 1L << 40);
        }), Kind.TRUNCATED, "the log");
    }

    @Test
    void regionTable() throws Exception {
        int entries = VhdxBytes.REGIONS + 16;
        assertRejected(edited("no-regions", false, b -> {
            b.put(VhdxBytes.REGIONS + 5000, (byte) 1);
            b.put(VhdxBytes.REGIONS2 + 5000, (byte) 1);
        }), Kind.CORRUPT, "neither region table");
        readAll(edited("first-regions-damaged", false, b -> b.put(VhdxBytes.REGIONS + 5000, (byte) 1)));
        assertRejected(edited("required-region", true, b -> {
            b.putInt(VhdxBytes.REGIONS + 8, 3);
            b.putLong(entries + 64, 0x1111);
            b.putLong(entries + 64 + 16, 100L << 20);
            b.putInt(entries + 64 + 24, 1 << 20);
            b.putInt(entries + 64 + 28, 1);
            b.putInt(VhdxBytes.REGIONS2 + 8, 0);
        }), Kind.TRUNCATED, "region");
        assertRejected(edited("unknown-required", true, b -> {
            long end = clean.length;
            b.putInt(VhdxBytes.REGIONS + 8, 3);
            b.putLong(entries + 64, 0x1111);
            b.putLong(entries + 64 + 16, end - (1 << 20));
            b.putInt(entries + 64 + 24, 0);
            b.putInt(entries + 64 + 28, 1);
        }), Kind.UNSUPPORTED, "required region");
        assertRejected(edited("overlapping-regions", true, b -> {
            b.putLong(entries + 16, b.getLong(entries + 32 + 16));
            b.putLong(VhdxBytes.REGIONS2 + 16 + 16, b.getLong(entries + 32 + 16));
        }), Kind.CORRUPT, "overlaps");
        assertRejected(edited("unaligned-region", true, b -> {
            b.putLong(entries + 16, b.getLong(entries + 16) + 512);
            b.putLong(VhdxBytes.REGIONS2 + 16 + 16, b.getLong(entries + 16));
        }), Kind.CORRUPT, "not a multiple of 1 MiB");
        assertRejected(edited("bat-missing", true, b -> {
            b.putInt(VhdxBytes.REGIONS + 8, 1);
            b.putInt(VhdxBytes.REGIONS2 + 8, 1);
            b.put(entries, b.array(), entries + 32, 32);
            b.put(VhdxBytes.REGIONS2 + 16, b.array(), entries + 32, 32);
        }), Kind.CORRUPT, "lacks the BAT region");
    }

    @Test
    void metadata() throws Exception {
        int parameters = metadataItem(0xcaa16737);
        int size = metadataItem(0x2fa54224);
        int logical = metadataItem(0x8141bf1d);
        assertRejected(edited("block-size", false, b -> b.putInt(parameters, 3 << 20)), Kind.CORRUPT,
                "the block size 3145728");
        assertRejected(edited("sector-size", false, b -> b.putInt(logical, 1024)), Kind.CORRUPT,
                "logical sector size 1024");
        assertRejected(edited("huge", false, b -> b.putLong(size, 1L << 50)), Kind.CORRUPT, "64 TiB");
        assertRejected(edited("bat-too-small", false, b -> b.putLong(size, 1L << 40)), Kind.CORRUPT,
                "cannot hold");
        assertRejected(edited("parent-without-locator", false, b -> b.putInt(parameters + 4, 2)), Kind.CORRUPT,
                "no parent locator");
        assertRejected(edited("no-signature", false, b -> b.putLong((int) places.metadata(), 0)), Kind.CORRUPT,
                "signature 'metadata'");
        int table = (int) places.metadata();
        assertRejected(edited("item-outside", false, b -> b.putInt(table + 32 + 16, 2 << 20)), Kind.CORRUPT,
                "does not lie inside the metadata region");
        assertRejected(edited("unknown-required-item", false, b -> {
            b.putLong(table + 32, 0x4242);
            b.putInt(table + 32 + 24, 4);
        }), Kind.UNSUPPORTED, "is marked required");
        assertRejected(edited("item-twice", false, b -> b.put(table + 64, b.array(), table + 32, 16)),
                Kind.CORRUPT, "twice");
    }

    @Test
    void blockAllocationTable() throws Exception {
        int bat = (int) places.bat();
        long first = VhdxBytes.le(clean).getLong(bat);
        assertThat(first & 7).isEqualTo(6);
        assertRejected(edited("past-end", false, b -> b.putLong(bat, (1L << 40) | 6)), Kind.TRUNCATED,
                "payload block 0");
        assertRejected(edited("in-header", false, b -> b.putLong(bat, 6)), Kind.CORRUPT, "header section");
        assertRejected(edited("on-metadata", false, b -> b.putLong(bat, places.metadata() | 6)), Kind.CORRUPT,
                "overlaps");
        assertRejected(edited("shared-block", false, b -> b.putLong(bat + 8, first)), Kind.CORRUPT,
                "two payload blocks overlap");
        assertRejected(edited("reserved-state", false, b -> b.putLong(bat, first & ~7L | 4)), Kind.CORRUPT,
                "reserved state 4");
        assertRejected(edited("partial-without-parent", false, b -> b.putLong(bat, first | 7)), Kind.CORRUPT,
                "only a differencing file");
        assertRejected(Files.write(dir.resolve("cut.vhdx"), Arrays.copyOf(clean, 3 << 19)), Kind.TRUNCATED,
                "extends past the end of the file");
    }
}
