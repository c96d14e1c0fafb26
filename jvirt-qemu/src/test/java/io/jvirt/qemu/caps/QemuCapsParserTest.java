package io.jvirt.qemu.caps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parsers, fed with answers recorded from QEMU 7.2 under TCG with {@code -machine none}. */
class QemuCapsParserTest {
    private static JsonNode qmp;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = QemuCapsParserTest.class.getResourceAsStream("/caps/qmp-7.2.json")) {
            qmp = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void versionAndPackage() {
        assertThat(QemuCapsParser.version(qmp.get("query-version"))).isEqualTo("7.2.22");
        assertThat(QemuCapsParser.packageVersion(qmp.get("query-version"))).startsWith("Debian 1:7.2");
    }

    @Test
    void machinesPutTheDefaultFirstKeepAliasesAndDropNone() {
        List<QemuCaps.Machine> m = QemuCapsParser.machines(qmp.get("query-machines"));
        assertThat(m.getFirst()).isEqualTo(new QemuCaps.Machine("pc-i440fx-7.2", "pc", 255, false, true));
        assertThat(m).extracting(QemuCaps.Machine::name).doesNotContain("none")
                .containsExactly("pc-i440fx-7.2", "pc-q35-2.4", "isapc", "pc-i440fx-1.4", "pc-q35-7.2");
        assertThat(m).filteredOn(x -> x.name().equals("pc-q35-7.2")).singleElement()
                .isEqualTo(new QemuCaps.Machine("pc-q35-7.2", "q35", 288, false, false));
        assertThat(m).filteredOn(x -> x.name().equals("pc-i440fx-1.4")).singleElement()
                .extracting(QemuCaps.Machine::deprecated).isEqualTo(true);
    }

    @Test
    void cpuModelsLeaveOutVersionedNamesHostMaxAndBase() {
        List<QemuCaps.CpuModel> models = QemuCapsParser.cpuModels(qmp.get("query-cpu-definitions"),
                Map.of("EPYC", qmp.get("expand-static-EPYC")), Map.of());
        assertThat(models).extracting(QemuCaps.CpuModel::name).containsExactlyInAnyOrder("qemu64", "EPYC", "Westmere",
                "pentium");
        QemuCaps.CpuModel epyc = models.stream().filter(x -> x.name().equals("EPYC")).findFirst().orElseThrow();
        assertThat(epyc.features()).contains("sse4.1", "sha-ni", "svm", "lahf-lm").doesNotContain("vmx", "avx512f")
                .isSorted();
        assertThat(epyc.vendor()).as("without a full expansion the vendor is not known").isEqualTo("unknown");
    }

    @Test
    void usableUnderTcgMeansNoUnavailableFeatures() {
        List<QemuCaps.CpuModel> models = QemuCapsParser.cpuModels(qmp.get("query-cpu-definitions"), Map.of(), Map.of());
        assertThat(models).filteredOn(QemuCaps.CpuModel::usableTcg).extracting(QemuCaps.CpuModel::name)
                .contains("qemu64", "pentium").doesNotContain("EPYC");
    }

    @Test
    void vendorWordsAreLibvirts() throws IOException {
        JsonNode full = new ObjectMapper().readTree("{\"model\":{\"props\":{\"vendor\":\"AuthenticAMD\"}}}");
        List<QemuCaps.CpuModel> models = QemuCapsParser.cpuModels(qmp.get("query-cpu-definitions"), Map.of(),
                Map.of("EPYC", full, "qemu64", full));
        assertThat(models).filteredOn(x -> x.name().equals("EPYC")).singleElement()
                .extracting(QemuCaps.CpuModel::vendor).isEqualTo("AMD");
        assertThat(models).filteredOn(x -> x.name().equals("qemu64")).singleElement()
                .extracting(QemuCaps.CpuModel::vendor).as("a generic model has no vendor, as in libvirt").isEqualTo("unknown");
        assertThat(QemuCapsParser.vendor("GenuineIntel")).isEqualTo("Intel");
        assertThat(QemuCapsParser.vendor("Whatever")).isEqualTo("unknown");
    }

    @Test
    void featureNamesAreEveryBooleanProperty() {
        List<String> names = QemuCapsParser.featureNames(qmp.get("expand-static-EPYC"));
        assertThat(names).contains("vmx", "avx512f", "sse4.1").isSorted();
        assertThat(QemuCapsParser.features(qmp.get("expand-static-EPYC"))).isSubsetOf(names);
    }

    @Test
    void typesTpmKvmAndArch() {
        assertThat(QemuCapsParser.types(qmp.get("qom-list-types"))).contains("virtio-blk-pci", "iothread", "vmgenid");
        assertThat(QemuCapsParser.strings(qmp.get("query-tpm-models"))).containsExactlyInAnyOrder("tpm-tis", "tpm-crb");
        assertThat(QemuCapsParser.strings(qmp.get("query-tpm-types"))).containsExactly("passthrough", "emulator");
        assertThat(QemuCapsParser.kvmPresent(qmp.get("query-kvm"))).isTrue();
        assertThat(QemuCapsParser.archOf("/usr/bin/qemu-system-x86_64")).isEqualTo("x86_64");
        assertThat(QemuCapsParser.archOf("/usr/bin/qemu-system-i386")).isEqualTo("i686");
    }

    @Test
    void displaysSkipQemusComplaintsAboutMissingModules() throws IOException {
        String help;
        try (InputStream in = QemuCapsParserTest.class.getResourceAsStream("/caps/display-help.txt")) {
            help = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(QemuCapsParser.displays(help)).contains("none", "egl-headless", "dbus")
                .allMatch(d -> d.matches("[a-z0-9-]+"));
        assertThat(QemuCapsParser.displays("Available display backend types:\nnone\nsdl\n"))
                .containsExactly("none", "sdl");
    }
}
