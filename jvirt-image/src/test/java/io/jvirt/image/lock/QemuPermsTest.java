package io.jvirt.image.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.ImageFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The lock bytes derived for each way qemu-img 7.2 opens an image, against the bytes the real
 * qemu-img 7.2 locks (read from {@code strace -e fcntl qemu-img ...}: the F_OFD_SETLK calls
 * with F_RDLCK that stay until the image is closed).
 */
class QemuPermsTest {

    private static final ImageFormat QCOW2 = ImageFormat.QCOW2;
    private static final ImageFormat RAW = ImageFormat.RAW;

    static Stream<Arguments> files() {
        return Stream.of(
                // qemu-img info (BDRV_O_NO_IO | BDRV_O_NO_BACKING)
                row("info qcow2", QCOW2, ImageAccess.inspect(), false, 201, 203),
                row("info raw", RAW, ImageAccess.inspect(), false),
                row("info -U qcow2", QCOW2, ImageAccess.peek(), false),
                // check, map, compare, measure, snapshot -l (flags 0)
                row("map qcow2", QCOW2, ImageAccess.read(), false, 100, 201, 203),
                row("map raw", RAW, ImageAccess.read(), false, 100),
                row("map -U qcow2", QCOW2, ImageAccess.read().withForceShare(true), false, 100),
                // convert sources (BDRV_O_NO_SHARE)
                row("convert source qcow2", QCOW2, ImageAccess.read().withNoShare(), false, 100, 201, 203),
                row("convert source raw", RAW, ImageAccess.read().withNoShare(), false, 100, 201, 203),
                row("convert -U source raw", RAW, ImageAccess.read().withNoShare().withForceShare(true), false, 100),
                // snapshot -c/-a/-d, commit's overlay, rebase, check -r, convert -n targets (BDRV_O_RDWR)
                row("snapshot -c qcow2", QCOW2, ImageAccess.write(), true, 100, 101, 103, 201, 203),
                row("convert -n raw", RAW, ImageAccess.write(), true, 100, 101),
                // resize (BDRV_O_RDWR | BDRV_O_RESIZE)
                row("resize raw", RAW, ImageAccess.write().withResize(), true, 100, 101, 103),
                row("resize qcow2", QCOW2, ImageAccess.write().withResize(), true, 100, 101, 103, 201, 203),
                // commit's base while the job runs (raw: +100 +101 +203 in the trace)
                row("commit base raw", RAW, ImageAccess.commitTarget(false), true, 100, 101, 203),
                row("commit base qcow2", QCOW2, ImageAccess.commitTarget(false), true, 100, 101, 103, 201, 203),
                // the other format drivers hold their file as qcow2 does (LockParityTest runs vhdx and qed)
                row("map vhdx", ImageFormat.VHDX, ImageAccess.read(), false, 100, 201, 203),
                row("info qed", ImageFormat.QED, ImageAccess.inspect(), false, 201, 203));
    }

    private static Arguments row(String name, ImageFormat f, ImageAccess a, boolean writable, Integer... bytes) {
        return Arguments.of(name, f, a, writable, List.of(bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void fileLockBytesAreQemuImgs(String name, ImageFormat f, ImageAccess a, boolean writable, List<Integer> bytes) {
        assertThat(QemuPerms.file(f, a, writable).lockedBytes()).isEqualTo(bytes);
    }

    @Test
    void backingFilesAreReadAndKeepWritersOut() {
        // check/map of an overlay, and snapshot -c/commit/rebase of one: the backing file is read (+100 +201 +203)
        for (ImageAccess top : List.of(ImageAccess.read(), ImageAccess.write(), ImageAccess.read().withNoShare())) {
            ImageAccess b = QemuPerms.backing(top);
            assertThat(QemuPerms.file(QCOW2, b, false).lockedBytes()).as(top.toString()).containsExactly(100, 201, 203);
            ImageAccess bb = QemuPerms.backing(b);
            assertThat(QemuPerms.file(QCOW2, bb, false).lockedBytes()).as("two levels down").containsExactly(100, 201, 203);
        }
        // a raw backing file of a written overlay shares everything (commit's trace: +100 only)
        assertThat(QemuPerms.file(RAW, QemuPerms.backing(ImageAccess.write()), false).lockedBytes()).containsExactly(100);
        // a raw backing file of a convert source does not share writes (no-share reaches the backing link)
        assertThat(QemuPerms.file(RAW, QemuPerms.backing(ImageAccess.read().withNoShare()), false).lockedBytes())
                .containsExactly(100, 201, 203);
        // info --backing-chain: no I/O all the way down
        assertThat(QemuPerms.file(QCOW2, QemuPerms.backing(ImageAccess.inspect()), false).lockedBytes())
                .containsExactly(201, 203);
        // -U reaches the whole chain
        assertThat(QemuPerms.file(QCOW2, QemuPerms.backing(ImageAccess.read().withForceShare(true)), false)
                .lockedBytes()).containsExactly(100);
    }

    @Test
    void createLocksWhatQemuImgCreateLocks() {
        // raw: raw_co_create only (+101 +103 +203); qcow2: that, then the opens that write the metadata
        assertThat(QemuPerms.create(RAW).lockedBytes()).containsExactly(101, 103, 203);
        assertThat(QemuPerms.create(RAW).checkedBytes()).containsExactly(201, 203, 103);
        assertThat(QemuPerms.create(QCOW2).lockedBytes()).containsExactly(100, 101, 103, 201, 203);
    }

    @Test
    void checksMirrorLocks() {
        LockPerms w = QemuPerms.file(QCOW2, ImageAccess.write(), true);
        assertThat(w.checkedBytes()).containsExactly(200, 201, 203, 101, 103);
        assertThat(QemuPerms.file(QCOW2, ImageAccess.inspect(), false).checkedBytes()).containsExactly(101, 103);
        assertThat(LockPerms.NONE.lockedBytes()).isEmpty();
        assertThat(LockPerms.NONE.checkedBytes()).isEmpty();
        assertThat(LockPerms.NONE.none()).isTrue();
    }

    @Test
    void forceShareOnlyReads() {
        assertThatThrownBy(() -> ImageAccess.write().withForceShare(true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write");
        assertThat(ImageAccess.write().writes()).isTrue();
        assertThat(ImageAccess.read().writes()).isFalse();
    }
}
