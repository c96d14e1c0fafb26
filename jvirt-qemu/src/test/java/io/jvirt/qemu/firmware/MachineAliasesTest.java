package io.jvirt.qemu.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Machine type aliases read from QEMU's own {@code -machine help}, and glob matching. */
class MachineAliasesTest {

    @Test
    void readsAliasesAndTheDefault() {
        MachineAliases a = MachineAliases.parse("""
                Supported machines are:
                microvm              microvm (i386)
                pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)
                pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)
                pc-i440fx-7.1        Standard PC (i440FX + PIIX, 1996)
                q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)
                pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)
                """);
        assertThat(a.aliases()).isEqualTo(Map.of("pc", "pc-i440fx-7.2", "q35", "pc-q35-7.2"));
        assertThat(a.canonical("q35")).isEqualTo("pc-q35-7.2");
        assertThat(a.canonical("pc-q35-4.0")).isEqualTo("pc-q35-4.0");
        assertThat(a.canonical(null)).isEqualTo("pc-i440fx-7.2");
        assertThat(a).isEqualTo(MachineAliases.QEMU_7_2);
    }

    @Test
    void theInstalledQemuSaysWhatQemu72Says() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/qemu-system-x86_64", "-machine", "help").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        MachineAliases a = MachineAliases.parse(out);
        assertThat(a.canonical("pc")).isEqualTo(MachineAliases.QEMU_7_2.canonical("pc"));
        assertThat(a.canonical("q35")).isEqualTo(MachineAliases.QEMU_7_2.canonical("q35"));
    }

    @Test
    void globsMatchLikeGlibsSimplePatterns() {
        assertThat(Glob.matches("pc-q35-*", "pc-q35-7.2")).isTrue();
        assertThat(Glob.matches("pc-q35-*", "pc-q35-")).isTrue();
        assertThat(Glob.matches("pc-q35-*", "pc-i440fx-7.2")).isFalse();
        assertThat(Glob.matches("pc-i440fx-?.?", "pc-i440fx-7.2")).isTrue();
        assertThat(Glob.matches("pc-i440fx-?.?", "pc-i440fx-7.12")).isFalse();
        assertThat(Glob.matches("*", "")).isTrue();
        assertThat(Glob.matches("virt-*", "virt")).isFalse();
    }
}
