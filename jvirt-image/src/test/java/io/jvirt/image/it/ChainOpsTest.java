package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.ops.ChainEdits;
import io.jvirt.image.ops.Progress;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots, commit, rebase and resize leave images qemu-img accepts, with the expected content. */
class ChainOpsTest {

    @TempDir
    Path dir;

    private void fill(Path p, long off, int len, int value) {
        try (DiskImage img = Images.open(p, false)) {
            byte[] b = new byte[len];
            Arrays.fill(b, (byte) value);
            img.write(off, b, 0, len);
        }
    }

    private void assertClean(String file) {
        QemuImg.Run r = QemuImg.run(dir, "check", file);
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void snapshotCreateApplyDelete() {
        Path p = dir.resolve("s.qcow2");
        Images.create(p, CreateOptions.builder(ImageFormat.QCOW2, 4 << 20).build());
        fill(p, 0, 100_000, 1);
        try (Qcow2Image img = (Qcow2Image) Images.open(p, false)) {
            Qcow2Snapshots.create(img, "a");
        }
        assertClean("s.qcow2");
        fill(p, 50_000, 100_000, 2);
        assertClean("s.qcow2");
        assertThat(QemuImg.ok(dir, "snapshot", "-l", "s.qcow2").out()).contains("a");
        try (Qcow2Image img = (Qcow2Image) Images.open(p, false)) {
            Qcow2Snapshots.apply(img, "a");
        }
        assertClean("s.qcow2");
        try (DiskImage img = Images.open(p, true)) {
            byte[] b = new byte[150_000];
            img.read(0, b, 0, b.length);
            assertThat(b[60_000]).isEqualTo((byte) 1);
            assertThat(b[120_000]).isZero();
        }
        try (Qcow2Image img = (Qcow2Image) Images.open(p, false)) {
            Qcow2Snapshots.delete(img, "a");
        }
        assertClean("s.qcow2");
        QemuImg.ok(dir, "snapshot", "-c", "q", "s.qcow2");
        fill(p, 0, 70_000, 3);
        assertClean("s.qcow2");
    }

    @Test
    void commitRebaseResize() {
        Path base = dir.resolve("base.qcow2");
        Path top = dir.resolve("top.qcow2");
        Images.create(base, CreateOptions.builder(ImageFormat.QCOW2, 8 << 20).build());
        fill(base, 0, 3 << 20, 1);
        Images.create(top, CreateOptions.builder(ImageFormat.QCOW2, -1).backingFile("base.qcow2").build());
        fill(top, 1 << 20, 3 << 20, 2);
        QemuImg.ok(dir, "convert", "-O", "raw", "top.qcow2", "expect.raw");
        ChainEdits.commit(top, null, false, Progress.NONE);
        assertClean("base.qcow2");
        assertClean("top.qcow2");
        assertThat(QemuImg.run(dir, "compare", "base.qcow2", "expect.raw").exit()).isZero();
        assertThat(QemuImg.run(dir, "compare", "top.qcow2", "expect.raw").exit()).isZero();
        Images.create(dir.resolve("empty.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, 8 << 20).build());
        ChainEdits.rebase(top, "empty.qcow2", null, false, Progress.NONE);
        assertClean("top.qcow2");
        assertThat(QemuImg.run(dir, "compare", "top.qcow2", "expect.raw").exit()).isZero();
        ChainEdits.rebase(top, "base.qcow2", ImageFormat.QCOW2, true, Progress.NONE);
        assertThat(QemuImg.ok(dir, "info", "top.qcow2").out()).contains("backing file: base.qcow2");
        ChainEdits.resize(top, null, 1L << 30, false);
        assertClean("top.qcow2");
        assertThatThrownBy(() -> ChainEdits.resize(top, null, 1 << 20, false)).isInstanceOf(ImageException.class)
                .hasMessageContaining("--shrink");
        ChainEdits.resize(top, null, 1 << 20, true);
        assertClean("top.qcow2");
        assertThat(QemuImg.ok(dir, "info", "top.qcow2").out()).contains("(1048576 bytes)");
    }
}
