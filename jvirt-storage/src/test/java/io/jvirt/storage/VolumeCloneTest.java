package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeXml;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vol-clone and vol-create-from: full (sparse-aware, converting), overlay, and reflink where unsupported. */
class VolumeCloneTest {

    @TempDir
    Path tmp;
    StoragePool pool;
    VolumeInfo raw;

    @BeforeEach
    void setUp() throws Exception {
        pool = TestPools.dirPool("p", tmp.resolve("pool"));
        pool.createVolume("src.img", VolumeFormat.RAW, 64L << 20, 0L, null, false);
        TestPools.sparseFile(pool.volumePath("src.img"), 64L << 20, 1, 0, 5, 33, 63);
        raw = pool.volume("src.img");
    }

    @Test
    void fullCloneOfRawIsSparseAndIdentical() throws Exception {
        AtomicLong last = new AtomicLong();
        VolumeInfo c = pool.cloneVolume("src.img", "copy.img", CloneMode.FULL, (done, total) -> last.set(done));
        assertThat(c.format()).isEqualTo(VolumeFormat.RAW);
        assertThat(c.capacity()).isEqualTo(raw.capacity());
        assertThat(c.allocation()).isLessThanOrEqualTo(raw.allocation() + (64 << 10));
        assertThat(c.permissions().mode()).isEqualTo(raw.permissions().mode());
        assertThat(TestPools.qemuSame(raw.path(), c.path())).isTrue();
        assertThat(last.get()).isEqualTo(64L << 20);
    }

    @Test
    void fullCloneOfQcow2StaysQcow2AndKeepsItsBacking() throws Exception {
        pool.createFrom(VolumeXml.parse("<volume><name>q.qcow2</name><capacity>0</capacity><target>"
                + "<format type='qcow2'/></target></volume>"), pool, "src.img", CloneMode.FULL, TransferProgress.NONE);
        VolumeInfo q = pool.volume("q.qcow2");
        assertThat(q.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(TestPools.qemuSame(raw.path(), q.path())).isTrue();

        VolumeInfo c = pool.cloneVolume("q.qcow2", "q2.qcow2", CloneMode.FULL, TransferProgress.NONE);
        assertThat(c.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(c.backing()).isNull();
        assertThat(TestPools.qemuSame(q.path(), c.path())).isTrue();
        assertThat(TestPools.qemuCheck(c.path())).isZero();

        pool.createVolume("top.qcow2", VolumeFormat.QCOW2, 0, null, "q.qcow2", false);
        VolumeInfo layer = pool.cloneVolume("top.qcow2", "top2.qcow2", CloneMode.FULL, TransferProgress.NONE);
        assertThat(layer.backing().path()).isEqualTo(q.path().toString());
        assertThat(TestPools.qemuInfo(layer.path()).backingFilename()).isEqualTo(q.path().toString());
        assertThat(layer.allocation()).isLessThan(1 << 20);
        assertThat(TestPools.qemuSame(raw.path(), layer.path())).isTrue();
    }

    @Test
    void fullCopyWithAllocationEqualToCapacityIsNotSparse() throws Exception {
        VolumeInfo c = pool.createFrom(VolumeXml.parse("<volume><name>thick.img</name><capacity unit='MiB'>64"
                + "</capacity><allocation unit='MiB'>64</allocation><target><format type='raw'/></target></volume>"),
                pool, "src.img", CloneMode.FULL, TransferProgress.NONE);
        assertThat(raw.allocation()).isLessThan(16L << 20);
        assertThat(c.allocation()).isGreaterThanOrEqualTo(64L << 20);
        assertThat(TestPools.qemuSame(raw.path(), c.path())).isTrue();
    }

    @Test
    void overlayCloneIsAThinQcow2OnTheSource() throws Exception {
        VolumeInfo o = pool.cloneVolume("src.img", "thin.qcow2", CloneMode.OVERLAY, TransferProgress.NONE);
        assertThat(o.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(o.capacity()).isEqualTo(raw.capacity());
        assertThat(o.backing().path()).isEqualTo(raw.path().toString());
        assertThat(o.backing().format()).isEqualTo(VolumeFormat.RAW);
        assertThat(o.allocation()).isLessThan(1 << 20);
        TestPools.QemuInfo q = TestPools.qemuInfo(o.path());
        assertThat(q.backingFilename()).isEqualTo(raw.path().toString());
        assertThat(q.backingFormat()).isEqualTo("raw");
        assertThat(TestPools.qemuSame(raw.path(), o.path())).isTrue();
    }

    @Test
    void createFromConvertsAndGrows() throws Exception {
        VolumeInfo big = pool.createFrom(VolumeXml.parse("<volume><name>big.qcow2</name><capacity unit='MiB'>128"
                + "</capacity><target><format type='qcow2'/></target></volume>"), pool, "src.img", CloneMode.FULL,
                TransferProgress.NONE);
        assertThat(big.capacity()).isEqualTo(128L << 20);
        assertThat(TestPools.qemuInfo(big.path()).virtualSize()).isEqualTo(128L << 20);
        VolumeInfo back = pool.createFrom(VolumeXml.parse("<volume><name>back.img</name><capacity>1</capacity>"
                + "<target><format type='raw'/></target></volume>"), pool, "big.qcow2", CloneMode.FULL,
                TransferProgress.NONE);
        assertThat(back.capacity()).isEqualTo(128L << 20);
        assertThat(TestPools.qemuSame(big.path(), back.path())).isTrue();
    }

    @Test
    void cloneAcrossPools() throws Exception {
        StoragePool other = TestPools.dirPool("o", tmp.resolve("other"));
        VolumeInfo c = other.createFrom(VolumeXml.parse("<volume><name>c.img</name><capacity>0</capacity>"
                + "</volume>"), pool, "src.img", CloneMode.FULL, TransferProgress.NONE);
        assertThat(c.path().getParent()).isEqualTo(tmp.resolve("other").toRealPath());
        assertThat(TestPools.qemuSame(raw.path(), c.path())).isTrue();
    }

    @Test
    void reflinkOnExt4IsRefusedCleanly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestPools.run("stat", "-f", "-c", "%T", tmp.toString())
                .strip().startsWith("ext"), "the temporary directory is on ext4");
        assertThatThrownBy(() -> pool.cloneVolume("src.img", "r.img", CloneMode.REFLINK, TransferProgress.NONE))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.UNSUPPORTED);
                    assertThat(e.getMessage()).startsWith("The file system of pool 'p' cannot make reflink copies (")
                            .endsWith("); btrfs can, and so can xfs made with reflink=1. Ask for a full or an overlay "
                                    + "clone instead.");
                });
        assertThat(TestPools.listing(pool.backend().directory())).containsExactly("src.img");
    }

    @Test
    void cloneMistakes() {
        assertThatThrownBy(() -> pool.cloneVolume("src.img", "src.img", CloneMode.FULL, TransferProgress.NONE))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.EXISTS));
        assertThatThrownBy(() -> pool.createFrom(VolumeXml.parse("<volume><name>o.img</name><capacity>0</capacity>"
                + "<target><format type='raw'/></target></volume>"), pool, "src.img", CloneMode.OVERLAY,
                TransferProgress.NONE)).isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("An overlay clone is a qcow2 image backed by its "
                                + "source, so its format must be qcow2, not raw."));
        assertThatThrownBy(() -> pool.cloneVolume("nope", "x", CloneMode.FULL, TransferProgress.NONE))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
    }
}
