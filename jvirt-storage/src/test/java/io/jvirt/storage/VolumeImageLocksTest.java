package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.lock.Permission;
import io.jvirt.image.lock.QemuPerms;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume operations take QEMU's image locks: while a guest's QEMU holds a volume (here its
 * lock bytes, taken on a descriptor of this process as QEMU's virtio-blk takes them), every
 * operation that writes the file, and reading it, is refused with the file unchanged; listing
 * it and an overlay on it are not.
 */
class VolumeImageLocksTest {

    private static final TransferProgress QUIET = (done, total) -> { };

    @TempDir
    Path tmp;
    StoragePool pool;

    @BeforeEach
    void setUp() {
        pool = TestPools.dirPool("p", tmp.resolve("pool"));
    }

    /** QEMU's lock bytes for a writable virtio-blk disk on an image of {@code format}. */
    private static ImageLock guest(Path image, ImageFormat format) {
        int shared = Permission.CONSISTENT_READ.bit() | Permission.WRITE_UNCHANGED.bit() | Permission.RESIZE.bit();
        ImageAccess device = new ImageAccess(ImageAccess.write().perm(), shared, false, false);
        return ImageLock.acquire(image, QemuPerms.file(format, device, true));
    }

    @Test
    void aVolumeAGuestUsesIsLeftAlone() throws Exception {
        for (VolumeFormat f : List.of(VolumeFormat.QCOW2, VolumeFormat.RAW)) {
            String name = "v." + f.xml();
            Path p = pool.createVolume(name, f, 8L << 20, 0L, null, false).path();
            pool.upload(name, new ByteArrayInputStream(Files.readAllBytes(p)), 0, -1, QUIET); // free: allowed
            String before = sha256(p);
            try (ImageLock held = guest(p, f == VolumeFormat.RAW ? ImageFormat.RAW : ImageFormat.QCOW2)) {
                List<Consumer<StoragePool>> refused = List.of(
                        s -> s.upload(name, new ByteArrayInputStream(new byte[4096]), 0, -1, QUIET),
                        s -> s.download(name, new ByteArrayOutputStream(), 0, -1, QUIET),
                        s -> s.wipeVolume(name, QUIET),
                        s -> s.resizeVolume(name, 16L << 20, Set.of()),
                        s -> s.deleteVolume(name),
                        s -> s.cloneVolume(name, "full-" + name, CloneMode.FULL, QUIET),
                        s -> s.cloneVolume(name, "reflink-" + name, CloneMode.REFLINK, QUIET));
                for (Consumer<StoragePool> op : refused) {
                    assertThatThrownBy(() -> op.accept(pool)).isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StorageException.Kind.IMAGE_IN_USE);
                        assertThat(e.getMessage()).contains("is in use by another process (such as QEMU or qemu-img)");
                    });
                    assertThat(sha256(p)).as("unchanged after a refusal").isEqualTo(before);
                }
                assertThat(pool.volume(name).capacity()).as("vol-info reads it anyway").isEqualTo(8L << 20);
                assertThat(pool.refresh().volumes()).extracting(VolumeInfo::name).contains(name)
                        .doesNotContain("full-" + name, "reflink-" + name);
                if (f == VolumeFormat.QCOW2) {
                    assertThat(pool.cloneVolume(name, "overlay", CloneMode.OVERLAY, QUIET).backing())
                            .as("an overlay only names it, as qemu-img create -b").isNotNull();
                }
            }
            assertThat(pool.resizeVolume(name, 16L << 20, Set.of()).capacity()).as("free again").isEqualTo(16L << 20);
        }
        pool.deleteVolume("overlay");
        pool.deleteVolume("v.qcow2");
        assertThat(pool.refresh().volumes()).extracting(VolumeInfo::name).containsExactly("v.raw");
    }

    @Test
    void aVolumeReadByQemuImgCanBeDownloadedButNotChanged() throws Exception {
        Path p = pool.createVolume("r.qcow2", VolumeFormat.QCOW2, 8L << 20, null, null, false).path();
        // qemu-img map of it: consistent read, sharing consistent read and unchanged writes
        try (ImageLock reader = ImageLock.acquire(p, QemuPerms.file(ImageFormat.QCOW2, ImageAccess.read(), false))) {
            assertThat(pool.download("r.qcow2", new ByteArrayOutputStream(), 0, -1, QUIET)).isEqualTo(Files.size(p));
            assertThat(pool.cloneVolume("r.qcow2", "copy.qcow2", CloneMode.FULL, QUIET).capacity()).isEqualTo(8L << 20);
            assertThatThrownBy(() -> pool.wipeVolume("r.qcow2", QUIET)).isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> pool.deleteVolume("r.qcow2")).isInstanceOf(StorageException.class);
        }
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
