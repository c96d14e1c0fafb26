package io.jvirt.image.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.sys.Libc;
import io.jvirt.sys.OfdLocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageLock} on a real file: the bytes it locks (read back from /proc/locks) and how two
 * locks on two descriptors of the same file meet (OFD locks conflict across descriptors of
 * one process as across processes).
 */
class ImageLockTest {

    private static final LockPerms READ_QCOW2 = QemuPerms.file(ImageFormat.QCOW2, ImageAccess.read(), false);
    private static final LockPerms WRITE_QCOW2 = QemuPerms.file(ImageFormat.QCOW2, ImageAccess.write(), true);
    private static final LockPerms INFO_QCOW2 = QemuPerms.file(ImageFormat.QCOW2, ImageAccess.inspect(), false);
    private static final LockPerms WRITE_RAW = QemuPerms.file(ImageFormat.RAW, ImageAccess.write(), true);
    private static final LockPerms READ_RAW = QemuPerms.file(ImageFormat.RAW, ImageAccess.read(), false);

    @TempDir
    Path dir;

    private Path file() throws Exception {
        return Files.write(dir.resolve("disk.img"), new byte[4096]);
    }

    @Test
    void theBytesLockedAreTheBytesOfThePermissions() throws Exception {
        Path f = file();
        try (ImageLock w = ImageLock.acquire(f, WRITE_QCOW2)) {
            assertThat(w.held()).isTrue();
            assertThat(lockedBytes(f)).containsExactly(100, 101, 103, 201, 203);
        }
        assertThat(lockedBytes(f)).as("closing releases every byte").isEmpty();
        try (ImageLock a = ImageLock.acquire(f, READ_QCOW2); ImageLock b = ImageLock.acquire(f, INFO_QCOW2)) {
            assertThat(lockedBytes(f)).containsExactly(100, 201, 201, 203, 203);
        }
        try (ImageLock none = ImageLock.acquire(f, LockPerms.NONE)) {
            assertThat(none.held()).as("nothing to lock, no descriptor").isFalse();
            assertThat(lockedBytes(f)).isEmpty();
        }
    }

    @Test
    void aWriterKeepsReadersOutAndReadersKeepWritersOut() throws Exception {
        Path f = file();
        try (ImageLock w = ImageLock.acquire(f, WRITE_QCOW2)) {
            assertThatThrownBy(() -> ImageLock.acquire(f, READ_QCOW2)).isInstanceOfSatisfying(ImageException.class, e -> {
                assertThat(e.kind()).isEqualTo(ImageException.Kind.IN_USE);
                assertThat(e.path()).isEqualTo(f);
                assertThat(e.getMessage()).isEqualTo("Image " + f + " is in use by another process (such as QEMU or "
                        + "qemu-img) that holds the \"write\" permission (qemu-img: Failed to get shared \"write\" lock).");
            });
            assertThatThrownBy(() -> ImageLock.acquire(f, INFO_QCOW2)).as("qemu-img info without -U")
                    .isInstanceOf(ImageException.class);
            assertThatThrownBy(() -> ImageLock.acquire(f, WRITE_QCOW2)).isInstanceOfSatisfying(ImageException.class,
                    e -> assertThat(e.getMessage()).contains("that does not share the \"write\" permission (qemu-img: "
                            + "Failed to get \"write\" lock)"));
            try (ImageLock u = ImageLock.acquire(f, QemuPerms.file(ImageFormat.QCOW2,
                    ImageAccess.read().withForceShare(true), false))) {
                assertThat(u.held()).as("-U reads next to a writer").isTrue();
            }
            assertThat(lockedBytes(f)).as("a refused lock leaves nothing behind").containsExactly(100, 101, 103, 201, 203);
        }
        try (ImageLock r = ImageLock.acquire(f, READ_QCOW2)) {
            assertThatThrownBy(() -> ImageLock.acquire(f, WRITE_QCOW2)).isInstanceOfSatisfying(ImageException.class,
                    e -> assertThat(e.getMessage()).contains("Failed to get \"write\" lock"));
            assertThatThrownBy(() -> ImageLock.forCreate(f, ImageFormat.RAW)).isInstanceOf(ImageException.class);
            try (ImageLock r2 = ImageLock.acquire(f, READ_QCOW2)) {
                assertThat(r2.held()).as("readers share").isTrue();
            }
        }
    }

    @Test
    void aGuestOnARawFileSharesWithReadersButNotWithCreate() throws Exception {
        Path f = file();
        // QEMU's virtio-blk on a raw file: write, sharing consistent read, unchanged writes and resize
        int shared = Permission.CONSISTENT_READ.bit() | Permission.WRITE_UNCHANGED.bit() | Permission.RESIZE.bit();
        LockPerms guest = QemuPerms.file(ImageFormat.RAW, new ImageAccess(WRITE_RAW.perm(), shared, false, false), true);
        try (ImageLock w = ImageLock.acquire(f, guest); ImageLock r = ImageLock.acquire(f, READ_RAW)) {
            assertThat(lockedBytes(f)).containsExactly(100, 100, 101, 201);
            assertThatThrownBy(() -> ImageLock.forCreate(f, ImageFormat.RAW))
                    .hasMessageContaining("(qemu-img: Failed to get \"write\" lock)");
        }
        // qemu-img convert -n into a raw file shares everything: create is not refused (as with qemu-img)
        try (ImageLock w = ImageLock.acquire(f, WRITE_RAW); ImageLock c = ImageLock.forCreate(f, ImageFormat.RAW)) {
            assertThat(lockedBytes(f)).containsExactly(100, 101, 101, 103, 203);
        }
    }

    @Test
    void anExclusiveByteOfAnotherDescriptorIsReported() throws Exception {
        Path f = file();
        int fd = OfdLocks.openReadWrite(f);
        try {
            assertThat(OfdLocks.set(fd, OfdLocks.Type.WRITE, 201, 1)).isTrue();
            assertThatThrownBy(() -> ImageLock.acquire(f, INFO_QCOW2)).isInstanceOfSatisfying(ImageException.class,
                    e -> assertThat(e.getMessage()).contains("(qemu-img: Failed to lock byte 201)"));
            assertThat(OfdLocks.set(fd, OfdLocks.Type.UNLOCK, 201, 1)).isTrue();
            assertThat(OfdLocks.set(fd, OfdLocks.Type.READ, 200, 1)).isTrue();
            assertThatThrownBy(() -> ImageLock.acquire(f, READ_QCOW2))
                    .hasMessageContaining("does not share the \"consistent read\" permission");
            try (ImageLock ok = ImageLock.acquire(f, INFO_QCOW2)) {
                assertThat(ok.held()).isTrue();
            }
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void createMakesAMissingFileAndLeavesAnExistingOneAlone() throws Exception {
        Path f = dir.resolve("new.img");
        try (ImageLock c = ImageLock.forCreate(f, ImageFormat.QCOW2)) {
            assertThat(f).exists().isEmptyFile();
            assertThat(c.perms()).isEqualTo(QemuPerms.create(ImageFormat.QCOW2));
        }
        Path g = file();
        try (ImageLock r = ImageLock.acquire(g, READ_QCOW2)) {
            assertThatThrownBy(() -> ImageLock.forCreate(g, ImageFormat.QCOW2)).isInstanceOf(ImageException.class);
        }
        assertThat(Files.size(g)).as("a refused create does not truncate").isEqualTo(4096);
    }

    /**
     * The bytes of the file read-locked by any description, from /proc/locks, sorted; a byte
     * locked by two descriptions appears twice. The kernel merges adjacent bytes of one
     * description into one entry ({@code 100 101}), which is expanded here.
     */
    static List<Integer> lockedBytes(Path f) throws Exception {
        long ino = (long) Files.getAttribute(f, "unix:ino");
        Pattern p = Pattern.compile("OFDLCK\\s+ADVISORY\\s+READ\\s+-1\\s+\\S+:" + ino + " (\\d+) (\\d+)");
        return Files.readAllLines(Path.of("/proc/locks")).stream().map(p::matcher).filter(Matcher::find)
                .flatMap(m -> IntStream.rangeClosed(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).boxed())
                .sorted().toList();
    }
}
