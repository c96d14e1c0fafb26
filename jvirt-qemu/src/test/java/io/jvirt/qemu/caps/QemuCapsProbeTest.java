package io.jvirt.qemu.caps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe against the installed QEMU (qemu-system-x86 is a build requirement, see test.sh). */
class QemuCapsProbeTest {
    @TempDir
    Path tmp;

    @Test
    void asksTheRealQemuAndCleansUp() throws Exception {
        QemuCaps caps = QemuCapsProbe.probe(Path.of("/usr/bin/qemu-system-x86_64"), tmp);
        assertThat(caps.version()).startsWith("7.2.");
        assertThat(caps.arch()).isEqualTo("x86_64");
        assertThat(caps.machine("q35")).get().extracting(QemuCaps.Machine::name).isEqualTo("pc-q35-7.2");
        assertThat(caps.defaultMachine()).get().extracting(QemuCaps.Machine::name).isEqualTo("pc-i440fx-7.2");
        assertThat(caps.cpuModels()).extracting(QemuCaps.CpuModel::name).contains("qemu64", "EPYC", "Skylake-Client")
                .noneMatch(n -> n.matches(".*-v\\d+"));
        assertThat(caps.cpuModels()).filteredOn(m -> m.name().equals("EPYC")).singleElement()
                .satisfies(m -> {
                    assertThat(m.vendor()).isEqualTo("AMD");
                    assertThat(m.features()).contains("svm", "sha-ni");
                });
        assertThat(caps.types()).contains("virtio-blk-pci", "vhost-user-fs-pci", "iothread", "memory-backend-memfd");
        assertThat(caps.tpmModels()).contains("tpm-tis", "tpm-crb");
        assertThat(caps.featureNames()).contains("vmx", "svm", "avx512f");
        assertThat(caps.sev()).isFalse();
        try (var left = Files.list(tmp)) {
            assertThat(left).as("the probe's socket, log and directory are gone").isEmpty();
        }
    }

    @Test
    void aMissingEmulatorIsASentence() {
        assertThatThrownBy(() -> QemuCapsProbe.probe(tmp.resolve("qemu-system-none"), tmp))
                .isInstanceOf(QemuCapsException.class).hasMessageContaining("does not exist or is not executable");
    }
}
