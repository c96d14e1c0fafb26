package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.storage.PoolXml;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.storage.internal.MountTable;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fs pools on a real loop device: build (mkfs), start (mount), destroy (umount), delete, and
 * reflink clones on xfs and btrfs. Needs root; everything mounted or attached is undone in
 * {@link #tearDown()} even when a test fails.
 */
class FsPoolTest {

    @TempDir
    Path tmp;
    String device;
    Path mnt;
    final List<String> mounts = new ArrayList<>();

    @BeforeEach
    void attachLoopDevice() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "fs pools need root");
        Path backing = tmp.resolve("disk.raw");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(512L << 20);
        }
        device = TestPools.run("losetup", "-f", "--show", backing.toString()).strip();
        mnt = tmp.resolve("mnt");
        mounts.add(mnt.toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String m : mounts) {
            while (MountTable.read().at(m).isPresent()) {
                TestPools.exit("umount", m);
            }
        }
        if (device != null) {
            TestPools.exit("losetup", "-d", device);
        }
    }

    private StoragePool fsPool(String name, String format) {
        return new StoragePool(PoolXml.parse("<pool type='fs'><name>" + name + "</name><source><device path='"
                + device + "'/><format type='" + format + "'/></source><target><path>" + mnt + "</path>"
                + "<permissions><mode>0750</mode></permissions></target></pool>"));
    }

    @Test
    void ext4Lifecycle() throws Exception {
        StoragePool pool = fsPool("f", "ext4");
        assertThat(pool.isActive()).isFalse();
        assertThat(pool.info().state()).isEqualTo(PoolState.INACTIVE);
        assertThatThrownBy(pool::start).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
        pool.build(false);
        assertThat(TestPools.run("blkid", "-o", "value", "-s", "TYPE", device).strip()).isEqualTo("ext4");
        assertThat(Files.isDirectory(mnt)).isTrue();

        pool.start();
        assertThat(pool.isActive()).isTrue();
        MountTable.Mount m = MountTable.read().at(mnt.toRealPath().toString()).orElseThrow();
        assertThat(m.fsType()).isEqualTo("ext4");
        assertThat(m.source()).isEqualTo(device);
        PoolInfo info = pool.info();
        assertThat(info.capacity()).isBetween(400L << 20, 512L << 20);
        assertThat(Files.getPosixFilePermissions(mnt)).isEqualTo(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));

        pool.createVolume("a.qcow2", VolumeFormat.QCOW2, 10L << 30, null, null, false);
        assertThatThrownBy(() -> pool.createVolume("big.img", VolumeFormat.RAW, 1L << 30, null, null, false))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NO_SPACE));
        assertThatThrownBy(pool::start).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(StorageException.Kind.POOL_ACTIVE);
            assertThat(e.getMessage()).isEqualTo("Pool 'f' is already running: " + device + " is mounted on "
                    + mnt + ".");
        });
        assertThatThrownBy(() -> pool.build(true)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.DEVICE_IN_USE));
        assertThatThrownBy(pool::delete).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.POOL_ACTIVE));

        pool.destroy();
        assertThat(pool.isActive()).isFalse();
        assertThat(Files.exists(mnt.resolve("a.qcow2"))).isFalse();
        assertThatThrownBy(pool::refresh).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.POOL_INACTIVE));
        pool.destroy();

        assertThatThrownBy(() -> pool.build(false)).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(StorageException.Kind.DEVICE_IN_USE);
            assertThat(e.getMessage()).isEqualTo("The device " + device + " of pool 'f' already holds a file system "
                    + "of type ext4; build with overwrite to replace it (everything on it is lost).");
        });

        pool.start();
        assertThat(pool.refresh().volumes()).extracting(VolumeInfo::name).containsExactly("a.qcow2");
        pool.destroy();
        pool.delete();
        assertThat(Files.exists(mnt)).isFalse();
    }

    @Test
    void xfsReflinkClone() throws Exception {
        StoragePool pool = fsPool("x", "xfs");
        pool.build(false);
        pool.start();
        assertThat(MountTable.read().at(mnt.toRealPath().toString()).orElseThrow().fsType()).isEqualTo("xfs");
        reflinkClone(pool);
        pool.destroy();
    }

    @Test
    void btrfsReflinkClone() throws Exception {
        StoragePool pool = fsPool("b", "btrfs");
        pool.build(false);
        pool.start();
        reflinkClone(pool);
        pool.destroy();
    }

    @Test
    void overwriteReplacesAFileSystemAndAutoMountsIt() throws Exception {
        TestPools.run("mkfs.ext4", "-q", "-F", device);
        StoragePool xfs = fsPool("o", "xfs");
        assertThatThrownBy(() -> xfs.build(false)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.DEVICE_IN_USE));
        assertThat(TestPools.run("blkid", "-o", "value", "-s", "TYPE", device).strip()).isEqualTo("ext4");
        xfs.build(true);
        assertThat(TestPools.run("blkid", "-o", "value", "-s", "TYPE", device).strip()).isEqualTo("xfs");
        StoragePool auto = fsPool("o", "auto");
        assertThatThrownBy(() -> auto.build(true)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_ARGUMENT));
        auto.start();
        assertThat(MountTable.read().at(mnt.toRealPath().toString()).orElseThrow().fsType()).isEqualTo("xfs");
        auto.destroy();
    }

    private void reflinkClone(StoragePool pool) throws Exception {
        pool.createVolume("src.img", VolumeFormat.RAW, 128L << 20, 0L, null, false);
        try (RandomAccessFile f = new RandomAccessFile(pool.volumePath("src.img").toFile(), "rw")) {
            byte[] b = new byte[1 << 20];
            new java.util.Random(5).nextBytes(b);
            for (int i = 0; i < 64; i++) {
                f.seek((long) i << 20);
                f.write(b);
            }
            f.getFD().sync();
        }
        long usedBefore = pool.info().allocation();
        VolumeInfo c = pool.cloneVolume("src.img", "clone.img", CloneMode.REFLINK, TransferProgress.NONE);
        long usedAfter = pool.info().allocation();
        assertThat(usedAfter - usedBefore).as("a reflink copy shares blocks").isLessThan(16L << 20);
        assertThat(c.capacity()).isEqualTo(128L << 20);
        assertThat(TestPools.qemuSame(pool.volumePath("src.img"), c.path())).isTrue();
        TestPools.run("qemu-io", "-f", "raw", "-c", "write -P 0x77 0 1M", c.path().toString());
        assertThat(TestPools.qemuSame(pool.volumePath("src.img"), c.path())).isFalse();

        pool.createFrom(io.jvirt.conf.storage.VolumeXml.parse("<volume><name>q.qcow2</name><capacity>0</capacity>"
                + "<target><format type='qcow2'/></target></volume>"), pool, "src.img", CloneMode.FULL,
                TransferProgress.NONE);
        VolumeInfo qc = pool.cloneVolume("q.qcow2", "qclone.qcow2", CloneMode.REFLINK, TransferProgress.NONE);
        assertThat(qc.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(TestPools.qemuSame(pool.volumePath("src.img"), qc.path())).isTrue();
    }
}
