package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.VmStateLayout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VM state a real QEMU 7.2 wrote with snapshot-save, found by {@link VmStateLayout}. */
class VmStateLayoutTest {

    @TempDir
    Path dir;

    @Test
    void findsTheMigrationStreamQemuWrote() throws Exception {
        Path image = dir.resolve("state.qcow2");
        Images.create(image, CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).build());
        Path other = dir.resolve("other.qcow2");
        Images.create(other, CreateOptions.builder(ImageFormat.QCOW2, 1 << 20).build());
        snapshotSave(image, other);

        try (DiskImage img = Images.open(image, true)) {
            Qcow2Image q = (Qcow2Image) img;
            long size = q.snapshots().stream().filter(s -> s.name().equals("s1")).findFirst().orElseThrow()
                    .vmStateSize();
            VmStateLayout layout = VmStateLayout.of(q, "s1");
            assertThat(layout.size()).isEqualTo(size).isPositive();
            assertThat(layout.runs().stream().mapToLong(VmStateLayout.Run::length).sum()).isEqualTo(size);
            try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
                ByteBuffer head = ByteBuffer.allocate(8);
                ch.read(head, layout.runs().getFirst().offset());
                // QEMU's migration stream: "QEVM", then format version 3
                assertThat(head.getInt(0)).isEqualTo(0x5145564d);
                assertThat(head.getInt(4)).isEqualTo(3);
                VmStateLayout.Run last = layout.runs().getLast();
                assertThat(last.offset() + last.length()).as("inside the file").isLessThanOrEqualTo(ch.size());
            }
            assertThatThrownBy(() -> VmStateLayout.of(q, "missing")).isInstanceOf(ImageException.class)
                    .hasMessageContaining("no snapshot named or numbered 'missing'");
        }
        try (DiskImage img = Images.open(other, true)) {
            assertThatThrownBy(() -> VmStateLayout.of((Qcow2Image) img, "s1")).isInstanceOf(ImageException.class)
                    .hasMessageContaining("holds no VM state");
        }
    }

    /** Runs a paused QEMU (no guest) whose snapshot-save puts the VM state into {@code image}. */
    private static void snapshotSave(Path image, Path other) throws Exception {
        Process p = new ProcessBuilder(List.of("qemu-system-x86_64", "-machine", "pc", "-accel", "tcg", "-m", "16",
                "-S", "-nodefaults", "-display", "none", "-qmp", "stdio",
                "-blockdev", "{\"driver\":\"file\",\"filename\":\"" + image + "\",\"node-name\":\"f\"}",
                "-blockdev", "{\"driver\":\"qcow2\",\"file\":\"f\",\"node-name\":\"vm\"}",
                "-blockdev", "{\"driver\":\"file\",\"filename\":\"" + other + "\",\"node-name\":\"g\"}",
                "-blockdev", "{\"driver\":\"qcow2\",\"file\":\"g\",\"node-name\":\"disk\"}"))
                .redirectErrorStream(true).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = p.getOutputStream()) {
            in.readLine();
            send(out, "{\"execute\":\"qmp_capabilities\"}");
            await(in, "\"return\"");
            send(out, "{\"execute\":\"snapshot-save\",\"arguments\":{\"job-id\":\"j\",\"tag\":\"s1\","
                    + "\"vmstate\":\"vm\",\"devices\":[\"vm\",\"disk\"]}}");
            await(in, "\"concluded\"");
            send(out, "{\"execute\":\"quit\"}");
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("QEMU quits").isTrue();
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void await(BufferedReader in, String needle) throws Exception {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains("\"error\"")) {
                throw new AssertionError("QEMU refused: " + line);
            }
            if (line.contains(needle)) {
                return;
            }
        }
        throw new AssertionError("QEMU ended before " + needle);
    }
}
