package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.storage.VolumeFormat;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vol-upload and vol-download: streamed, sparse both ways, byte-identical round trips. */
class TransferTest {

    private static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;
    StoragePool pool;
    Path image;

    @BeforeEach
    void setUp() throws Exception {
        pool = TestPools.dirPool("p", tmp.resolve("pool"));
        image = tmp.resolve("sample.img");
        TestPools.sparseFile(image, SIZE, 7, 0, 3, 17, 40, 63);
        // a zero-filled but allocated region too: it must come back as a hole
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(20L << 20);
            f.write(new byte[1 << 20]);
        }
    }

    @Test
    void uploadThenDownloadIsByteIdenticalAndSparse() throws Exception {
        pool.createVolume("v.img", VolumeFormat.RAW, 0, 0L, null, false);
        List<long[]> progress = new ArrayList<>();
        long n;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(image))) {
            n = pool.upload("v.img", in, 0, -1, (done, total) -> progress.add(new long[] {done, total}));
        }
        assertThat(n).isEqualTo(SIZE);
        assertThat(progress.getLast()).containsExactly(SIZE, SIZE);
        VolumeInfo v = pool.volume("v.img");
        assertThat(v.capacity()).isEqualTo(SIZE);
        assertThat(v.allocation()).isLessThanOrEqualTo(5L * (256 << 10) + (64 << 10));
        assertThat(sha(v.path())).isEqualTo(sha(image));
        assertThat(TestPools.qemuSame(image, v.path())).isTrue();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(pool.download("v.img", out, 0, -1, TransferProgress.NONE)).isEqualTo(SIZE);
        assertThat(sha(out.toByteArray())).isEqualTo(sha(image));

        Path back = tmp.resolve("back.img");
        long[] holes = new long[1];
        try (FileChannel ch = FileChannel.open(back, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            SparseSink file = SparseSink.of(ch);
            pool.download("v.img", new SparseSink() {
                @Override
                public void data(byte[] buf, int off, int len) throws java.io.IOException {
                    file.data(buf, off, len);
                }

                @Override
                public void hole(long length) throws java.io.IOException {
                    holes[0] += length;
                    file.hole(length);
                }
            }, 0, -1, TransferProgress.NONE);
        }
        try (RandomAccessFile f = new RandomAccessFile(back.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        assertThat(holes[0]).isEqualTo(SIZE - 5L * (256 << 10));
        assertThat(sha(back)).isEqualTo(sha(image));
        assertThat((Long) Files.getAttribute(back, "size")).isEqualTo(SIZE);
    }

    @Test
    void sparseUploadWritesOnlyDataAndPunchesHolesOverOldData() throws Exception {
        pool.createVolume("a.img", VolumeFormat.RAW, 0, 0L, null, false);
        try (InputStream in = Files.newInputStream(image)) {
            pool.upload("a.img", in, 0, -1, TransferProgress.NONE);
        }
        // a download of a.img pushed straight into b.img: only data runs are written
        pool.createVolume("b.img", VolumeFormat.RAW, 0, 0L, null, false);
        long n = pool.upload("b.img", sink -> pool.download("a.img", sink, 0, -1, TransferProgress.NONE), 0, -1,
                TransferProgress.NONE);
        assertThat(n).isEqualTo(SIZE);
        VolumeInfo b = pool.volume("b.img");
        assertThat(b.capacity()).isEqualTo(SIZE);
        assertThat(b.allocation()).isLessThanOrEqualTo(5L * (256 << 10) + (64 << 10));
        assertThat(sha(b.path())).isEqualTo(sha(image));

        // a hole over old data reads back as zeroes, and data runs land where they belong
        long holeAt = 3L << 20;
        long allocatedBefore = pool.volume("b.img").allocation();
        byte[] tail = {1, 2, 3};
        pool.upload("b.img", sink -> {
            sink.hole(1 << 20);
            sink.data(new byte[] {9, 9, 1, 2, 3}, 2, 3);
        }, holeAt, (1 << 20) + 3, TransferProgress.NONE);
        byte[] expected = Files.readAllBytes(image);
        java.util.Arrays.fill(expected, (int) holeAt, (int) holeAt + (1 << 20), (byte) 0);
        System.arraycopy(tail, 0, expected, (int) holeAt + (1 << 20), 3);
        assertThat(sha(b.path())).isEqualTo(sha(expected));
        assertThat(pool.volume("b.img").allocation()).isLessThan(allocatedBefore);

        assertThatThrownBy(() -> pool.upload("b.img", sink -> sink.hole(100), 0, 10, TransferProgress.NONE))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.IO));
    }

    @Test
    void uploadAQcow2FileMakesAQcow2Volume() throws Exception {
        Path q = tmp.resolve("sample.qcow2");
        TestPools.run("qemu-img", "convert", "-O", "qcow2", image.toString(), q.toString());
        pool.createVolume("q", VolumeFormat.RAW, 0, 0L, null, false);
        try (InputStream in = Files.newInputStream(q)) {
            pool.upload("q", in, 0, -1, TransferProgress.NONE);
        }
        VolumeInfo v = pool.volume("q");
        assertThat(v.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(v.capacity()).isEqualTo(SIZE);
        assertThat(sha(v.path())).isEqualTo(sha(q));
        assertThat(TestPools.qemuSame(image, v.path())).isTrue();
    }

    @Test
    void partialUploadPunchesZeroesOverOldData() throws Exception {
        pool.createVolume("v.img", VolumeFormat.RAW, 0, 0L, null, false);
        try (InputStream in = Files.newInputStream(image)) {
            pool.upload("v.img", in, 0, -1, TransferProgress.NONE);
        }
        long before = pool.volume("v.img").allocation();
        byte[] patch = new byte[2 << 20];
        patch[(1 << 20) + 5] = 42;
        pool.upload("v.img", new ByteArrayInputStream(patch), 3L << 20, patch.length, TransferProgress.NONE);
        VolumeInfo v = pool.volume("v.img");
        assertThat(v.capacity()).isEqualTo(SIZE);
        assertThat(v.allocation()).isLessThan(before);
        byte[] expected = Files.readAllBytes(image);
        System.arraycopy(patch, 0, expected, 3 << 20, patch.length);
        assertThat(sha(v.path())).isEqualTo(sha(expected));

        ByteArrayOutputStream part = new ByteArrayOutputStream();
        pool.download("v.img", part, (4L << 20) + 5, 10, TransferProgress.NONE);
        assertThat(part.toByteArray()).containsExactly(42, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void uploadPastTheEndGrowsTheFileAndShortStreamsAreReported() throws Exception {
        pool.createVolume("v.img", VolumeFormat.RAW, 1 << 20, 0L, null, false);
        pool.upload("v.img", new ByteArrayInputStream(new byte[8192]), 2L << 20, 8192, TransferProgress.NONE);
        assertThat(pool.volume("v.img").capacity()).isEqualTo((2L << 20) + 8192);
        assertThatThrownBy(() -> pool.upload("v.img", new ByteArrayInputStream(new byte[10]), 0, 100,
                TransferProgress.NONE)).isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("The upload into volume 'v.img' ended after 10 of the "
                            + "announced 100 bytes; the bytes received were written.");
                });
        assertThatThrownBy(() -> pool.download("v.img", OutputStream.nullOutputStream(), 10L << 20, -1,
                TransferProgress.NONE)).isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_ARGUMENT));
    }

    @Test
    void uploadLargerThanThePoolIsRefusedBeforeWriting() {
        pool.createVolume("v.img", VolumeFormat.RAW, 0, 0L, null, false);
        long free = pool.info().available();
        assertThatThrownBy(() -> pool.upload("v.img", InputStream.nullInputStream(), 0, free + (1L << 30),
                TransferProgress.NONE)).isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NO_SPACE));
    }

    private static String sha(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
