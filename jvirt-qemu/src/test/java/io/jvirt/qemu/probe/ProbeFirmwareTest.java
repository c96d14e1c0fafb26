package io.jvirt.qemu.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class ProbeFirmwareTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path dir;

    @Test
    void isA64KiBImageWhoseResetVectorJumpsToItsStart() {
        byte[] image = ProbeFirmware.image();

        assertThat(image).hasSize(65536);
        assertThat(java.util.Arrays.copyOfRange(image, 0xFFF0, 0xFFF5))
                .containsExactly(0xEA, 0x00, 0x00, 0x00, 0xF0);
        assertThat(image[0]).isEqualTo((byte) 0xFA);
    }

    @Test
    void runsToTheEndUnderTcg() throws Exception {
        assumeThat(Files.isExecutable(QEMU)).as("qemu-system-x86_64 is installed").isTrue();
        Path bios = Files.write(dir.resolve("probe.bin"), ProbeFirmware.image());

        QemuRun.Outcome o = QemuRun.run(List.of(QEMU.toString(), "-machine", "pc,accel=tcg", "-nodefaults",
                "-display", "none", "-no-reboot", "-m", "64", "-bios", bios.toString(), "-serial", "stdio",
                "-device", ProbeFirmware.EXIT_DEVICE), Duration.ofSeconds(20), null);

        assertThat(o.exitStatus()).hasValue(ProbeFirmware.SUCCESS_EXIT_STATUS);
        assertThat(o.output()).endsWith("RPL");
        assertThat(ProbeFirmware.progress(o.output())).isEqualTo("it reached 64-bit mode");
    }

    @Test
    void progressIgnoresQemusOwnLines() {
        String out = "qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.01H:ECX.pni\nR";

        assertThat(ProbeFirmware.progress(out)).isEqualTo("it ran in real mode but never reached protected mode");
        assertThat(ProbeFirmware.progress("")).isEqualTo("it printed nothing");
    }
}
