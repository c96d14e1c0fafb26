package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.storage.VolumeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vol-resize (grow; shrink only when asked), vol-wipe and vol-delete. */
class VolumeResizeWipeTest {

    @TempDir
    Path tmp;
    StoragePool pool;

    @BeforeEach
    void setUp() {
        pool = TestPools.dirPool("p", tmp.resolve("pool"));
    }

    @Test
    void growAndShrinkRaw() throws Exception {
        pool.createVolume("r.img", VolumeFormat.RAW, 8L << 20, 0L, null, false);
        assertThat(pool.resizeVolume("r.img", 16L << 20, Set.of()).capacity()).isEqualTo(16L << 20);
        assertThatThrownBy(() -> pool.resizeVolume("r.img", 4L << 20, Set.of()))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("Shrinking volume 'r.img' from 16777216 to 4194304 bytes "
                            + "would discard the data past the new end; ask for the shrink option to do it anyway.");
                });
        assertThat(pool.volume("r.img").capacity()).isEqualTo(16L << 20);
        assertThat(pool.resizeVolume("r.img", 4L << 20, Set.of(ResizeFlag.SHRINK)).capacity()).isEqualTo(4L << 20);
        VolumeInfo alloc = pool.resizeVolume("r.img", 12L << 20, Set.of(ResizeFlag.ALLOCATE));
        assertThat(alloc.allocation()).isGreaterThanOrEqualTo(8L << 20);
    }

    @Test
    void growAndShrinkQcow2() throws Exception {
        pool.createVolume("q.qcow2", VolumeFormat.QCOW2, 1L << 30, null, null, false);
        VolumeInfo v = pool.resizeVolume("q.qcow2", 3L << 30, Set.of());
        assertThat(v.capacity()).isEqualTo(3L << 30);
        assertThat(TestPools.qemuInfo(v.path()).virtualSize()).isEqualTo(3L << 30);
        assertThatThrownBy(() -> pool.resizeVolume("q.qcow2", 1L << 30, Set.of()))
                .isInstanceOf(StorageException.class);
        assertThat(pool.resizeVolume("q.qcow2", 1L << 30, Set.of(ResizeFlag.SHRINK)).capacity()).isEqualTo(1L << 30);
        assertThat(TestPools.qemuCheck(v.path())).isZero();
        assertThatThrownBy(() -> pool.resizeVolume("q.qcow2", 2L << 30, Set.of(ResizeFlag.ALLOCATE)))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.UNSUPPORTED));
        assertThatThrownBy(() -> pool.resizeVolume("q.qcow2", 1L << 61, Set.of()))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_ARGUMENT));
    }

    @Test
    void allocatingGrowthBeyondThePoolIsRefused() {
        pool.createVolume("r.img", VolumeFormat.RAW, 1L << 20, 0L, null, false);
        long free = pool.info().available();
        assertThatThrownBy(() -> pool.resizeVolume("r.img", free + (2L << 30), Set.of(ResizeFlag.ALLOCATE)))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NO_SPACE));
        assertThat(pool.volume("r.img").capacity()).isEqualTo(1L << 20);
    }

    @Test
    void wipeSparseAndFullRaw() throws Exception {
        pool.createVolume("s.img", VolumeFormat.RAW, 16L << 20, 0L, null, false);
        TestPools.sparseFile(pool.volumePath("s.img"), 16L << 20, 3, 1, 7);
        VolumeInfo s = pool.wipeVolume("s.img", TransferProgress.NONE);
        assertThat(s.capacity()).isEqualTo(16L << 20);
        assertThat(s.allocation()).isLessThan(64 << 10);
        assertThat(allZero(s.path())).isTrue();

        pool.createVolume("f.img", VolumeFormat.RAW, 4L << 20, null, null, false);
        Files.write(pool.volumePath("f.img"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.WRITE);
        VolumeInfo f = pool.wipeVolume("f.img", TransferProgress.NONE);
        assertThat(f.allocation()).isGreaterThanOrEqualTo(4L << 20);
        assertThat(allZero(f.path())).isTrue();
    }

    @Test
    void wipeQcow2KeepsFormatCapacityAndBacking() throws Exception {
        pool.createVolume("base.img", VolumeFormat.RAW, 8L << 20, 0L, null, false);
        TestPools.sparseFile(pool.volumePath("base.img"), 8L << 20, 4, 2);
        VolumeInfo top = pool.createVolume("top.qcow2", VolumeFormat.QCOW2, 0, null, "base.img", false);
        TestPools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x55 0 1M", top.path().toString());
        assertThat(TestPools.qemuSame(top.path(), pool.volumePath("base.img"))).isFalse();
        VolumeInfo w = pool.wipeVolume("top.qcow2", TransferProgress.NONE);
        assertThat(w.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(w.capacity()).isEqualTo(8L << 20);
        assertThat(w.backing().path()).isEqualTo(pool.volumePath("base.img").toString());
        assertThat(w.permissions()).isEqualTo(top.permissions());
        assertThat(TestPools.qemuSame(w.path(), pool.volumePath("base.img"))).isTrue();
        assertThat(TestPools.qemuCheck(w.path())).isZero();
    }

    private static boolean allZero(Path p) throws Exception {
        byte[] all = Files.readAllBytes(p);
        for (byte b : all) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
