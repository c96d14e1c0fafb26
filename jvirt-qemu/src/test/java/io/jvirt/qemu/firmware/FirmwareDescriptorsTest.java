package io.jvirt.qemu.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading firmware descriptors: libvirt's search order, masking, and broken files. */
class FirmwareDescriptorsTest {

    static final Path DEBIAN = Path.of("src/test/resources/firmware/debian");

    @TempDir
    Path tmp;

    @Test
    void readsDebiansOvmfDescriptorsInPriorityOrder() throws IOException {
        FirmwareDescriptors d = FirmwareDescriptors.load(List.of(DEBIAN));
        assertThat(d.skipped()).isEmpty();
        assertThat(d.all()).extracting(f -> f.file().getFileName().toString()).containsExactly(
                "40-edk2-x86_64-secure-enrolled.json", "50-edk2-x86_64-secure.json", "60-edk2-x86_64.json");
        FirmwareDescriptor first = d.all().getFirst();
        assertThat(first.interfaces()).containsExactly("uefi");
        assertThat(first.has("secure-boot")).isTrue();
        assertThat(first.has("enrolled-keys")).isTrue();
        assertThat(first.mapping()).isEqualTo(new FirmwareDescriptor.Flash(FirmwareDescriptor.FlashMode.SPLIT,
                new FirmwareDescriptor.FlashFile("/usr/share/OVMF/OVMF_CODE_4M.ms.fd", "raw"),
                new FirmwareDescriptor.FlashFile("/usr/share/OVMF/OVMF_VARS_4M.ms.fd", "raw")));
        assertThat(first.targets()).containsExactly(new FirmwareDescriptor.Target("x86_64", List.of("pc-q35-*")));
    }

    @Test
    void theHostsOwnDescriptorsParse() throws IOException {
        // the descriptors Debian's ovmf package installed on this machine (test.sh installs it)
        FirmwareDescriptors host = FirmwareDescriptors.load(FirmwareDescriptors.SYSTEM_DIRS);
        assertThat(host.skipped()).isEmpty();
        assertThat(host.all()).isNotEmpty();
        assertThat(host.all()).allSatisfy(f -> assertThat(f.interfaces()).contains("uefi"));
    }

    @Test
    void aLaterDirectoryOverridesAFileOfTheSameNameAndAnEmptyFileMasksIt() throws IOException {
        Path usr = Files.createDirectories(tmp.resolve("usr"));
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        for (Path f : Files.list(DEBIAN).toList()) {
            Files.copy(f, usr.resolve(f.getFileName()));
        }
        Files.writeString(etc.resolve("40-edk2-x86_64-secure-enrolled.json"), "");
        Files.writeString(etc.resolve("55-local.json"), Files.readString(DEBIAN.resolve("60-edk2-x86_64.json"))
                .replace("OVMF_CODE_4M.fd", "LOCAL_CODE.fd"));
        Files.writeString(etc.resolve(".hidden.json"), "{");
        FirmwareDescriptors d = FirmwareDescriptors.load(List.of(usr, etc, tmp.resolve("missing")));
        assertThat(d.all()).extracting(f -> f.file().toString()).containsExactly(
                usr.resolve("50-edk2-x86_64-secure.json").toString(), etc.resolve("55-local.json").toString(),
                usr.resolve("60-edk2-x86_64.json").toString());
    }

    @Test
    void aBrokenDescriptorIsSkippedWithItsReasonAndTheOthersStay() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fw"));
        Files.copy(DEBIAN.resolve("60-edk2-x86_64.json"), dir.resolve("60-edk2-x86_64.json"));
        Files.writeString(dir.resolve("10-broken.json"), "{\"interface-types\": [\"uefi\"]");
        Files.writeString(dir.resolve("20-nomapping.json"), "{\"interface-types\": [\"uefi\"], \"targets\": []}");
        FirmwareDescriptors d = FirmwareDescriptors.load(List.of(dir));
        assertThat(d.all()).hasSize(1);
        assertThat(d.skipped()).hasSize(2);
        assertThat(d.skipped().get(0)).startsWith("The firmware descriptor " + dir.resolve("10-broken.json")
                + " is not valid JSON");
        assertThat(d.skipped().get(1)).isEqualTo("The firmware descriptor " + dir.resolve("20-nomapping.json")
                + " lacks 'mapping'.");
    }

    @Test
    void parsesEveryMappingAndMode() {
        Path f = Path.of("/x.json");
        String base = "{\"interface-types\": [\"bios\"], \"targets\": [{\"architecture\": \"i386\", "
                + "\"machines\": [\"pc-*\"]}], \"mapping\": ";
        assertThat(FirmwareDescriptors.parse(f, base + "{\"device\": \"memory\", \"filename\": \"/bios.bin\"}}")
                .mapping()).isEqualTo(new FirmwareDescriptor.Memory("/bios.bin"));
        assertThat(FirmwareDescriptors.parse(f, base + "{\"device\": \"kernel\", \"filename\": \"/k\"}}").mapping())
                .isEqualTo(new FirmwareDescriptor.Kernel("/k"));
        assertThat(FirmwareDescriptors.parse(f, base + "{\"device\": \"flash\", \"mode\": \"stateless\", "
                + "\"executable\": {\"filename\": \"/s.fd\", \"format\": \"raw\"}}}").mapping())
                .isEqualTo(new FirmwareDescriptor.Flash(FirmwareDescriptor.FlashMode.STATELESS,
                        new FirmwareDescriptor.FlashFile("/s.fd", "raw"), null));
        assertThat(FirmwareDescriptors.parse(f, base + "{\"device\": \"memory\", \"filename\": \"/b\"}, "
                + "\"features\": [\"acpi-s3\", \"some-future-feature\"]}").features())
                .containsExactlyInAnyOrder("acpi-s3", "some-future-feature");
        assertThatThrownBy(() -> FirmwareDescriptors.parse(f, base + "{\"device\": \"flash\", \"executable\": "
                + "{\"filename\": \"/c.fd\", \"format\": \"raw\"}}}"))
                .isInstanceOf(FirmwareException.class)
                .hasMessage("The firmware descriptor /x.json lacks 'nvram-template'.");
        assertThatThrownBy(() -> FirmwareDescriptors.parse(f, base + "{\"device\": \"tape\"}}"))
                .hasMessage("The firmware descriptor /x.json has the unknown mapping device 'tape'.");
        assertThatThrownBy(() -> FirmwareDescriptors.parse(f, "[]"))
                .hasMessage("The firmware descriptor /x.json is not a JSON object.");
    }
}
