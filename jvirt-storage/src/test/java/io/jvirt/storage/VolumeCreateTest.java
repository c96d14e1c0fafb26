package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeXml;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vol-create-as and vol-create, checked against qemu-img info. */
class VolumeCreateTest {

    @TempDir
    Path tmp;
    StoragePool pool;

    @BeforeEach
    void setUp() {
        pool = TestPools.dirPool("p", tmp.resolve("pool"));
    }

    @Test
    void sparseRaw() throws Exception {
        VolumeInfo v = pool.createVolume("a.img", VolumeFormat.RAW, 64L << 20, 0L, null, false);
        assertThat(v.format()).isEqualTo(VolumeFormat.RAW);
        assertThat(v.capacity()).isEqualTo(64L << 20);
        assertThat(v.allocation()).isLessThan(64 << 10);
        assertThat(v.permissions().mode()).isEqualTo(0600);
        assertThat(v.key()).isEqualTo(v.path().toString());
        assertThat(TestPools.qemuInfo(v.path()).virtualSize()).isEqualTo(64L << 20);
        assertThat(pool.volumePath("a.img")).isEqualTo(v.path());
        assertThat(pool.volumeKey("a.img")).isEqualTo(v.path().toString());
    }

    @Test
    void rawWithoutAllocationIsFullyReservedAsInLibvirt() {
        VolumeInfo v = pool.createVolume("full.img", VolumeFormat.RAW, 8L << 20, null, null, false);
        assertThat(v.allocation()).isGreaterThanOrEqualTo(8L << 20);
        VolumeInfo half = pool.createVolume("half.img", VolumeFormat.RAW, 8L << 20, 4L << 20, null, false);
        assertThat(half.allocation()).isBetween(4L << 20, 5L << 20);
    }

    @Test
    void qcow2TenGiB() throws Exception {
        VolumeInfo v = pool.createVolume("vm.qcow2", VolumeFormat.QCOW2, 10L << 30, null, null, false);
        assertThat(v.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(v.capacity()).isEqualTo(10L << 30);
        assertThat(v.allocation()).isLessThan(1 << 20);
        assertThat(v.compat()).isEqualTo("1.1");
        assertThat(v.clusterSize()).isEqualTo(65536L);
        TestPools.QemuInfo q = TestPools.qemuInfo(v.path());
        assertThat(q.format()).isEqualTo("qcow2");
        assertThat(q.virtualSize()).isEqualTo(10L << 30);
        assertThat(TestPools.qemuCheck(v.path())).isZero();
    }

    @Test
    void qcow2WithBackingVolume() throws Exception {
        VolumeInfo base = pool.createVolume("base.qcow2", VolumeFormat.QCOW2, 1L << 30, null, null, false);
        VolumeInfo top = pool.createVolume("top.qcow2", VolumeFormat.QCOW2, 0, null, "base.qcow2", false);
        assertThat(top.capacity()).isEqualTo(1L << 30);
        assertThat(top.backing().path()).isEqualTo(base.path().toString());
        assertThat(top.backing().format()).isEqualTo(VolumeFormat.QCOW2);
        TestPools.QemuInfo q = TestPools.qemuInfo(top.path());
        assertThat(q.backingFilename()).isEqualTo(base.path().toString());
        assertThat(q.backingFormat()).isEqualTo("qcow2");
        assertThat(q.virtualSize()).isEqualTo(1L << 30);
        VolumeInfo bigger = pool.createVolume("bigger.qcow2", VolumeFormat.QCOW2, 2L << 30, null,
                base.path().toString(), false);
        assertThat(bigger.capacity()).isEqualTo(2L << 30);
    }

    @Test
    void preallocatedQcow2() throws Exception {
        VolumeInfo meta = pool.createVolume("m.qcow2", VolumeFormat.QCOW2, 256L << 20, null, null, true);
        assertThat(meta.capacity()).isEqualTo(256L << 20);
        VolumeInfo full = pool.createVolume("f.qcow2", VolumeFormat.QCOW2, 64L << 20, 64L << 20, null, true);
        assertThat(full.allocation()).isGreaterThanOrEqualTo(64L << 20);
        assertThat(TestPools.qemuCheck(full.path())).isZero();
    }

    @Test
    void fromXml() throws Exception {
        VolumeInfo v = pool.createVolume(VolumeXml.parse("""
                <volume>
                  <name>x.qcow2</name>
                  <capacity unit='MiB'>100</capacity>
                  <target>
                    <format type='qcow2'/>
                    <permissions><mode>0640</mode></permissions>
                    <compat>0.10</compat>
                    <clusterSize unit='KiB'>128</clusterSize>
                  </target>
                </volume>"""), false);
        assertThat(v.permissions().mode()).isEqualTo(0640);
        assertThat(v.compat()).isEqualTo("0.10");
        assertThat(TestPools.qemuInfo(v.path()).clusterSize()).isEqualTo(128 << 10);
        String xml = VolumeXml.format(v.toDef());
        assertThat(xml).contains("<key>" + v.path() + "</key>", "<format type='qcow2'/>", "<mode>0640</mode>",
                "<compat>0.10</compat>", "<capacity unit='bytes'>104857600</capacity>");
        assertThat(VolumeXml.parse(xml)).isEqualTo(v.toDef());
    }

    @Test
    void capacityBeyondThePoolIsRefusedBeforeWriting() throws Exception {
        long free = pool.info().available();
        assertThatThrownBy(() -> pool.createVolume("huge.img", VolumeFormat.RAW, free + (1L << 30), null, null, false))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.NO_SPACE);
                    assertThat(e.getMessage()).startsWith("Creating volume 'huge.img' needs ")
                            .contains("but pool 'p' has only").endsWith("available; nothing was written.");
                });
        assertThatThrownBy(() -> pool.createVolume("huge.qcow2", VolumeFormat.QCOW2, free + (1L << 30),
                free + (1L << 30), null, true)).isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NO_SPACE));
        assertThat(TestPools.listing(pool.backend().directory())).isEmpty();
        // sparse volumes may promise more than the pool has, as in libvirt
        assertThat(pool.createVolume("thin.qcow2", VolumeFormat.QCOW2, free * 4, null, null, false).capacity())
                .isEqualTo(free * 4);
    }

    @Test
    void absurdSizesAndWrongFormats() {
        assertThatThrownBy(() -> pool.createVolume("a", VolumeFormat.RAW, 1L << 62, 0L, null, false))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("The volume capacity of 4611686018427387904 bytes is out of "
                            + "range; it must be from 0 to 1 EiB (1152921504606846976 bytes).");
                });
        assertThatThrownBy(() -> pool.createVolume("a", VolumeFormat.RAW, -1, 0L, null, false))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> pool.createVolume("a.vmdk", VolumeFormat.VMDK, 1 << 20, null, null, false))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.UNSUPPORTED));
        assertThatThrownBy(() -> pool.createVolume("t", VolumeFormat.QCOW2, 1 << 20, null, "missing", false))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
    }

    @Test
    void existingNameAndInactivePool() throws Exception {
        pool.createVolume("a", VolumeFormat.RAW, 1 << 20, 0L, null, false);
        assertThatThrownBy(() -> pool.createVolume("a", VolumeFormat.QCOW2, 1 << 20, null, null, false))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.EXISTS);
                    assertThat(e.getMessage()).isEqualTo("Pool 'p' already has a volume named 'a'; choose another "
                            + "name or delete that volume first.");
                });
        assertThat(TestPools.qemuInfo(pool.volumePath("a")).format()).isEqualTo("raw");
        pool.deleteVolume("a");
        assertThat(TestPools.listing(pool.backend().directory())).isEmpty();
        pool.destroy();
        pool.delete();
        assertThat(pool.info().state()).isEqualTo(PoolState.INACTIVE);
        assertThatThrownBy(() -> pool.refresh()).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.POOL_INACTIVE));
    }

    @Test
    void deleteRefusesANonEmptyPool() throws Exception {
        pool.createVolume("a", VolumeFormat.RAW, 1 << 20, 0L, null, false);
        assertThatThrownBy(() -> pool.delete()).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.POOL_NOT_EMPTY));
        assertThat(Files.isDirectory(pool.backend().directory())).isTrue();
    }

    @Test
    void poolBuildAppliesPermissionsAndInfoReportsSpace() throws Exception {
        PoolInfo i = pool.info();
        assertThat(i.state()).isEqualTo(PoolState.RUNNING);
        assertThat(i.capacity()).isPositive();
        assertThat(i.available()).isPositive().isLessThanOrEqualTo(i.capacity());
        assertThat(i.allocation()).isPositive().isLessThanOrEqualTo(i.capacity());
        assertThat(Files.getPosixFilePermissions(pool.backend().directory()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        assertThat(pool.liveDef().capacity()).isEqualTo(i.capacity());
    }
}
