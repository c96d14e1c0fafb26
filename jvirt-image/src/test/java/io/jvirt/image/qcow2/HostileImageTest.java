package io.jvirt.image.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile qcow2 files give a clear ImageException naming the image, and are left untouched. */
class HostileImageTest {

    @TempDir
    Path dir;

    private Path image(String name, Consumer<RandomAccessFile> damage) throws Exception {
        Path p = dir.resolve(name);
        Images.create(p, CreateOptions.builder(ImageFormat.QCOW2, 16 << 20).build());
        try (DiskImage img = Images.open(p, false)) {
            img.write(0, new byte[70_000], 0, 70_000);
            img.write(1 << 20, "hello".getBytes(), 0, 5);
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            damage.accept(f);
        }
        return p;
    }

    private static void put(RandomAccessFile f, long at, long v, int bytes) {
        try {
            f.seek(at);
            ByteBuffer b = ByteBuffer.allocate(8).putLong(v);
            f.write(b.array(), 8 - bytes, bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ImageException openAndRead(Path p, ImageException.Kind kind) throws Exception {
        byte[] before = Files.readAllBytes(p);
        ImageException e = catchThrowableOfType(ImageException.class, () -> {
            try (DiskImage img = Images.open(p, true)) {
                byte[] b = new byte[1 << 20];
                for (long off = 0; off < img.virtualSize(); off += b.length) {
                    img.read(off, b, 0, (int) Math.min(b.length, img.virtualSize() - off));
                }
            }
        });
        assertThat(e).as("expected an ImageException").isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).contains(p.toString()).endsWith(".");
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        return e;
    }

    @Test
    void truncatedHeader() throws Exception {
        Path p = image("t.qcow2", f -> {
            try {
                f.setLength(40);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        openAndRead(p, ImageException.Kind.TRUNCATED);
    }

    @Test
    void l1TablePastEnd() throws Exception {
        openAndRead(image("l1.qcow2", f -> put(f, 40, 1L << 40, 8)), ImageException.Kind.TRUNCATED);
    }

    @Test
    void l2EntryPastEnd() throws Exception {
        Path p = image("l2.qcow2", f -> {
            try {
                f.seek(40);
                long l1 = f.readLong();
                put(f, l1, (1L << 63) | (1L << 40), 8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(openAndRead(p, ImageException.Kind.CORRUPT).getMessage()).contains("L1 entry 0");
    }

    @Test
    void backingNameWithANulByte() throws Exception {
        Path base = dir.resolve("base.qcow2");
        Images.create(base, CreateOptions.builder(ImageFormat.QCOW2, 16 << 20).build());
        Path p = dir.resolve("nul.qcow2");
        Images.create(p, CreateOptions.builder(ImageFormat.QCOW2, 16 << 20).backingFile(base.toString())
                .backingFormat(ImageFormat.QCOW2).build());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(8);
            long nameAt = f.readLong();
            f.seek(nameAt + 2);
            f.write(0);
        }
        byte[] before = Files.readAllBytes(p);
        try (DiskImage img = Images.open(p, Images.OpenOptions.of(true).withBacking(false))) {
            ImageException e = catchThrowableOfType(ImageException.class, img::info);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(ImageException.Kind.BACKING);
            assertThat(e.getMessage()).contains(p.toString()).contains("is not a file name").endsWith(".");
        }
        openAndRead(p, ImageException.Kind.BACKING);
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
    }

    @Test
    void absurdSize() throws Exception {
        openAndRead(image("size.qcow2", f -> put(f, 24, Long.MAX_VALUE, 8)), ImageException.Kind.TOO_LARGE);
    }

    @Test
    void hugeL1Count() throws Exception {
        openAndRead(image("l1n.qcow2", f -> put(f, 36, 0x7fffffffL, 4)), ImageException.Kind.TOO_LARGE);
    }

    @Test
    void badClusterBits() throws Exception {
        openAndRead(image("cb.qcow2", f -> put(f, 20, 40, 4)), ImageException.Kind.CORRUPT);
    }

    @Test
    void backingLoop() throws Exception {
        Path a = dir.resolve("a.qcow2");
        Path b = dir.resolve("b.qcow2");
        Images.create(a, CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).build());
        Images.create(b, CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).backingFile("a.qcow2").build());
        try (Qcow2Image img = (Qcow2Image) Images.open(a, Images.OpenOptions.of(false).withBacking(false))) {
            Qcow2Edits.setBacking(img, "b.qcow2", "qcow2");
        }
        ImageException e = catchThrowableOfType(ImageException.class, () -> Images.open(b, true).close());
        assertThat(e.kind()).isEqualTo(ImageException.Kind.BACKING);
        assertThat(e.getMessage()).contains("loops");
    }

    @Test
    void backingEscapingItsRoot() throws Exception {
        Path pool = Files.createDirectory(dir.resolve("pool"));
        Images.create(dir.resolve("outside.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).build());
        Path img = pool.resolve("vm.qcow2");
        Images.create(img, CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).backingFile("../outside.qcow2").build());
        ImageException e = catchThrowableOfType(ImageException.class, () -> Images.open(img,
                new Images.OpenOptions(null, true, pool, true)).close());
        assertThat(e.kind()).isEqualTo(ImageException.Kind.BACKING);
        assertThat(e.getMessage()).contains("outside the allowed directory");
    }

    @Test
    void protocolBackingRefused() throws Exception {
        Path img = dir.resolve("nbd.qcow2");
        Images.create(img, CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).backingFile("nbd:evil:1234")
                .backingFormat(ImageFormat.RAW).unsafeBacking(true).build());
        ImageException e = catchThrowableOfType(ImageException.class, () -> Images.open(img, true).close());
        assertThat(e.kind()).isEqualTo(ImageException.Kind.BACKING);
    }

    @Test
    void refcountOverflowOnSnapshot() throws Exception {
        Path p = dir.resolve("rc.qcow2");
        Images.create(p, CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).refcountBits(1).build());
        try (Qcow2Image img = (Qcow2Image) Images.open(p, false)) {
            img.write(0, new byte[] {1}, 0, 1);
            ImageException e = catchThrowableOfType(ImageException.class, () -> Qcow2Snapshots.create(img, "x"));
            assertThat(e.kind()).isEqualTo(ImageException.Kind.REFCOUNT_OVERFLOW);
        }
    }
}
