package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.ops.ChainEdits;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's image locks against the real qemu-img and QEMU 7.2: each side refuses what the
 * other holds, with qemu-img's own words on its side, and -U reads past a writer.
 */
class LockInteropTest {

    @TempDir
    Path dir;

    private Path qcow2(String name) {
        Path p = dir.resolve(name);
        Images.create(p, CreateOptions.builder(ImageFormat.QCOW2, 16 << 20).build());
        return p;
    }

    @Test
    void qemuImgAndQemuAreRefusedWhileTheEngineWritesAnImage() throws Exception {
        Path p = qcow2("held.qcow2");
        try (DiskImage img = Images.open(p, false)) {
            img.write(0, new byte[] {1, 2, 3}, 0, 3);
            QemuImg.Run info = QemuImg.run(dir, "info", "held.qcow2");
            assertThat(info.exit()).isEqualTo(1);
            assertThat(info.out()).contains("Failed to get shared \"write\" lock");
            assertThat(QemuImg.run(dir, "info", "-U", "held.qcow2").exit()).as("info -U reads past the writer").isZero();
            assertThat(QemuImg.run(dir, "map", "-U", "--output=json", "held.qcow2").exit()).isZero();
            QemuImg.Run snap = QemuImg.run(dir, "snapshot", "-c", "s", "held.qcow2");
            assertThat(snap.exit()).isEqualTo(1);
            assertThat(snap.out()).contains("Failed to get \"write\" lock");
            QemuImg.Run create = QemuImg.run(dir, "create", "-f", "qcow2", "held.qcow2", "1M");
            assertThat(create.out()).contains("Failed to get \"write\" lock");

            Qemu.Run qemu = Qemu.runBriefly(p);
            assertThat(qemu.exited()).as("QEMU gives up at start").isTrue();
            assertThat(qemu.output()).contains("Failed to get \"write\" lock");
        }
        assertThat(QemuImg.run(dir, "info", "held.qcow2").exit()).as("closing releases").isZero();
        assertThat(QemuImg.ok(dir, "snapshot", "-l", "held.qcow2").out()).doesNotContain("s ");
    }

    @Test
    void readersShareWithQemuImgReadersButNotWithItsWriters() {
        Path base = qcow2("base.qcow2");
        Path top = dir.resolve("top.qcow2");
        Images.create(top, CreateOptions.builder(ImageFormat.QCOW2, -1).backingFile("base.qcow2")
                .backingFormat(ImageFormat.QCOW2).build());
        try (DiskImage img = Images.open(top, true)) {
            assertThat(QemuImg.run(dir, "info", "--backing-chain", "top.qcow2").exit()).isZero();
            assertThat(QemuImg.run(dir, "map", "top.qcow2").exit()).isZero();
            assertThat(QemuImg.run(dir, "check", "top.qcow2").exit()).isZero();
            assertThat(QemuImg.run(dir, "resize", "base.qcow2", "32M").out()).as("the backing file is held too")
                    .contains("Failed to get \"write\" lock");
            assertThat(QemuImg.run(dir, "commit", "top.qcow2").out()).contains("Failed to get \"write\" lock");
        }
        try (DiskImage img = Images.open(top, false)) {
            // writing the overlay holds its backing file for reading only, as QEMU does
            assertThat(QemuImg.run(dir, "info", "base.qcow2").exit()).isZero();
            assertThat(QemuImg.run(dir, "snapshot", "-c", "s", "base.qcow2").exit()).isEqualTo(1);
        }
    }

    @Test
    void theEngineIsRefusedWhileQemuRunsOnAnImageAndLeavesTheFileAlone() throws Exception {
        Path p = qcow2("vm.qcow2");
        Path raw = dir.resolve("vm.raw");
        Images.create(raw, CreateOptions.builder(ImageFormat.RAW, 1 << 20).build());
        try (Qemu qemu = Qemu.start(p)) {
            String before = sha256(p);
            assertThatThrownBy(() -> Images.open(p, true)).isInstanceOfSatisfying(ImageException.class, e -> {
                assertThat(e.kind()).isEqualTo(ImageException.Kind.IN_USE);
                assertThat(e.getMessage()).contains("Failed to get shared \"write\" lock");
            });
            assertThatThrownBy(() -> Images.open(p, Images.OpenOptions.of(true).withAccess(ImageAccess.inspect())))
                    .as("info without -U").isInstanceOf(ImageException.class);
            try (DiskImage peek = Images.open(p, Images.OpenOptions.of(true).withAccess(ImageAccess.peek()))) {
                assertThat(peek.virtualSize()).as("info -U").isEqualTo(16 << 20);
            }
            try (DiskImage u = Images.open(p, Images.OpenOptions.of(true).withAccess(ImageAccess.read()
                    .withForceShare(true)))) {
                assertThat(u.format()).as("map -U").isEqualTo(ImageFormat.QCOW2);
            }
            List<Runnable> writes = List.of(
                    () -> Images.create(p, CreateOptions.builder(ImageFormat.QCOW2, 32 << 20).build()),
                    () -> Images.create(p, CreateOptions.builder(ImageFormat.RAW, 32 << 20).build()),
                    () -> ChainEdits.resize(p, null, 64 << 20, false),
                    () -> ChainEdits.rebase(p, "", null, true, s -> { }),
                    () -> {
                        try (Qcow2Image q = (Qcow2Image) Images.open(p, false)) {
                            Qcow2Snapshots.create(q, "live");
                        }
                    });
            for (Runnable w : writes) {
                assertThatThrownBy(w::run).isInstanceOfSatisfying(ImageException.class,
                        e -> assertThat(e.kind()).isEqualTo(ImageException.Kind.IN_USE));
                assertThat(sha256(p)).as("byte-identical after a refusal").isEqualTo(before);
            }
            assertThat(Files.size(raw)).isEqualTo(1 << 20);
        }
        try (DiskImage img = Images.open(p, false)) {
            assertThat(img.virtualSize()).as("free again once QEMU is gone").isEqualTo(16 << 20);
        }
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    /** A QEMU (TCG, paused with -S, nothing attached but the disk) that holds an image as a guest disk would. */
    static final class Qemu implements AutoCloseable {
        private final Process process;

        record Run(boolean exited, String output) {
        }

        private Qemu(Process process) {
            this.process = process;
        }

        private static ProcessBuilder builder(Path image) {
            return new ProcessBuilder(List.of("qemu-system-x86_64", "-machine", "pc", "-accel", "tcg", "-S",
                    "-nodefaults", "-display", "none", "-monitor", "none", "-serial", "none", "-m", "64",
                    "-drive", "file=" + image + ",format=qcow2,if=virtio")).redirectErrorStream(true);
        }

        /** Starts QEMU and waits until it holds the image's lock bytes. */
        static Qemu start(Path image) throws Exception {
            Process p = builder(image).redirectOutput(image.resolveSibling("qemu.log").toFile()).start();
            Qemu q = new Qemu(p);
            long ino = (long) Files.getAttribute(image, "unix:ino");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.readAllLines(Path.of("/proc/locks")).stream().noneMatch(l -> l.contains(":" + ino + " 100 "))) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    q.close();
                    throw new AssertionError("QEMU did not lock " + image + ": "
                            + Files.readString(image.resolveSibling("qemu.log")));
                }
                Thread.sleep(20);
            }
            return q;
        }

        /** Runs QEMU for up to 10 s: it ends at once when it cannot lock the image. */
        static Run runBriefly(Path image) throws IOException, InterruptedException {
            Process p = builder(image).start();
            boolean exited = p.waitFor(10, TimeUnit.SECONDS);
            if (!exited) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new Run(exited, new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
