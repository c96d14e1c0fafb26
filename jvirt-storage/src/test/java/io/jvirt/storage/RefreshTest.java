package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.storage.VolumeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pool-refresh of many volumes, and what it skips. */
class RefreshTest {

    @TempDir
    Path tmp;

    @Test
    void thousandVolumes() throws Exception {
        StoragePool pool = TestPools.dirPool("p", tmp.resolve("pool"));
        pool.createVolume("base.qcow2", VolumeFormat.QCOW2, 1L << 30, null, null, false);
        Path dir = pool.backend().directory();
        byte[] qcow2 = Files.readAllBytes(dir.resolve("base.qcow2"));
        for (int i = 0; i < 500; i++) {
            Files.write(dir.resolve(String.format("q%04d.qcow2", i)), qcow2);
            try (var f = new java.io.RandomAccessFile(dir.resolve(String.format("r%04d.img", i)).toFile(), "rw")) {
                f.setLength((long) (i + 1) << 20);
            }
        }
        Files.writeString(dir.resolve(".hidden"), "ignored");
        Files.createDirectory(dir.resolve("subdir"));

        PoolRefresh warm = pool.refresh();
        long t0 = System.nanoTime();
        PoolRefresh r = pool.refresh();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("refresh of " + r.volumes().size() + " volumes: " + ms + " ms");

        assertThat(warm.volumes()).extracting(VolumeInfo::name).isEqualTo(r.volumes().stream().map(VolumeInfo::name).toList());
        assertThat(r.volumes()).hasSize(1001);
        assertThat(r.skipped()).containsExactly(new PoolRefresh.Skipped("subdir", "It is not a regular file."));
        List<VolumeInfo> v = r.volumes();
        assertThat(v.getFirst().name()).isEqualTo("base.qcow2");
        VolumeInfo q = v.get(1);
        assertThat(q.name()).isEqualTo("q0000.qcow2");
        assertThat(q.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(q.capacity()).isEqualTo(1L << 30);
        VolumeInfo raw = v.get(501 + 9);
        assertThat(raw.name()).isEqualTo("r0009.img");
        assertThat(raw.format()).isEqualTo(VolumeFormat.RAW);
        assertThat(raw.capacity()).isEqualTo(10L << 20);
        assertThat(raw.allocation()).isZero();
        assertThat(ms).isLessThan(5000);
    }

    @Test
    void aChangedFileIsReadAgain() throws Exception {
        StoragePool pool = TestPools.dirPool("p", tmp.resolve("pool"));
        pool.createVolume("a.qcow2", VolumeFormat.QCOW2, 1L << 30, null, null, false);
        assertThat(pool.refresh().volumes().getFirst().capacity()).isEqualTo(1L << 30);
        Path p = pool.volumePath("a.qcow2");
        TestPools.run("qemu-img", "resize", "-q", p.toString(), "3G");
        VolumeInfo v = pool.refresh().volumes().getFirst();
        assertThat(v.capacity()).isEqualTo(3L << 30);
        TestPools.run("qemu-img", "create", "-q", "-f", "raw", p.toString(), "5M");
        assertThat(pool.refresh().volumes().getFirst().format()).isEqualTo(VolumeFormat.RAW);
    }

    @Test
    void brokenImagesAreReportedNotFatal() throws Exception {
        StoragePool pool = TestPools.dirPool("p", tmp.resolve("pool"));
        Path dir = pool.backend().directory();
        byte[] bad = new byte[512];
        bad[0] = 'Q';
        bad[1] = 'F';
        bad[2] = 'I';
        bad[3] = (byte) 0xfb;
        bad[7] = 9;
        Files.write(dir.resolve("bad.qcow2"), bad);
        pool.createVolume("good.img", VolumeFormat.RAW, 4096, 0L, null, false);
        PoolRefresh r = pool.refresh();
        assertThat(r.volumes()).extracting(VolumeInfo::name).containsExactly("good.img");
        assertThat(r.skipped()).hasSize(1);
        assertThat(r.skipped().getFirst().name()).isEqualTo("bad.qcow2");
        assertThat(r.skipped().getFirst().reason()).startsWith("The volume 'bad.qcow2' of pool 'p' cannot be read: ");
    }
}
