package io.jvirt.daemon.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.FirmwarePlumbing;
import io.jvirt.qemu.firmware.MachineAliases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's firmware step against a descriptor directory and firmware files of its own in a
 * temporary directory: selection, the variable store created once from its template, undo after
 * a failed start, the store undefine looks at. Needs neither root nor QEMU.
 */
class HostFirmwareTest {

    @TempDir
    Path tmp;
    Path descriptors;
    Path nvramDir;
    Path code;
    Path vars;
    HostFirmware firmware;

    @BeforeEach
    void setUp() throws IOException {
        descriptors = Files.createDirectories(tmp.resolve("share/qemu/firmware"));
        Path ovmf = Files.createDirectories(tmp.resolve("share/OVMF"));
        code = Files.write(ovmf.resolve("CODE.fd"), new byte[] {1, 2, 3});
        vars = Files.write(ovmf.resolve("VARS.fd"), "pristine variables".getBytes());
        Files.writeString(descriptors.resolve("60-test.json"), """
                {
                  "interface-types": ["uefi"],
                  "mapping": {"device": "flash",
                              "executable": {"filename": "%s", "format": "raw"},
                              "nvram-template": {"filename": "%s", "format": "raw"}},
                  "targets": [{"architecture": "x86_64", "machines": ["pc-i440fx-*", "pc-q35-*"]}],
                  "features": ["acpi-s3"]
                }
                """.formatted(code, vars));
        nvramDir = tmp.resolve("state/nvram");
        firmware = new HostFirmware(List.of(descriptors, tmp.resolve("etc/qemu/firmware")), nvramDir,
                () -> MachineAliases.QEMU_7_2);
    }

    static DomainDef def(String os) {
        return DomainXml.parse("<domain type='qemu'><name>uefi</name><memory>65536</memory>" + os
                + "<features><acpi/></features></domain>");
    }

    @Test
    void aStartChoosesTheFirmwareAndCreatesThePrivateVariableStoreOnce() throws IOException {
        DomainDef def = def("<os firmware='efi'><type machine='q35'>hvm</type></os>");
        FirmwarePlumbing.Prepared p = firmware.prepare("uefi", def);
        Path store = nvramDir.resolve("uefi_VARS.fd");
        assertThat(p.created()).containsExactly(store);
        assertThat(p.live().os().loader().path()).isEqualTo(code.toString());
        assertThat(p.live().os().nvram().path()).isEqualTo(store.toString());
        assertThat(p.note()).isEqualTo("chose the firmware of " + descriptors.resolve("60-test.json"));
        assertThat(Files.readString(store)).isEqualTo("pristine variables");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nvramDir))).isEqualTo("rwx------");
        assertThat(Files.list(nvramDir).toList()).containsExactly(store);

        // the guest writes its variables; the next start keeps them
        Files.writeString(store, "the guest's own variables");
        FirmwarePlumbing.Prepared again = firmware.prepare("uefi", def);
        assertThat(again.created()).isEmpty();
        assertThat(Files.readString(store)).isEqualTo("the guest's own variables");
        firmware.undo(again);
        assertThat(store).exists();
    }

    @Test
    void undoAfterAFailedFirstStartRemovesTheNewStore() {
        FirmwarePlumbing.Prepared p = firmware.prepare("uefi",
                def("<os firmware='efi'><type machine='pc'>hvm</type></os>"));
        assertThat(p.created()).hasSize(1);
        firmware.undo(p);
        assertThat(p.created().getFirst()).doesNotExist();
    }

    @Test
    void aMissingTemplateOrNoFittingFirmwareStopsTheStartWithASentence() throws IOException {
        Files.delete(vars);
        DomainDef efi = def("<os firmware='efi'><type machine='q35'>hvm</type></os>");
        assertThatThrownBy(() -> firmware.prepare("uefi", efi))
                .isInstanceOfSatisfying(DaemonException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.HOST_RESOURCE))
                .hasMessage("domain 'uefi' cannot start: the UEFI variable store template " + vars + " does not exist; "
                        + "install the firmware package that provides it (ovmf) or fix <nvram template>.");
        assertThat(nvramDir.resolve("uefi_VARS.fd")).doesNotExist();
        assertThatThrownBy(() -> firmware.prepare("uefi", def("<os firmware='efi'><type machine='q35'>hvm</type>"
                + "<firmware><feature enabled='yes' name='secure-boot'/></firmware></os>")))
                .isInstanceOf(DaemonException.class)
                .hasMessageStartingWith("domain 'uefi' cannot start: No firmware on this host satisfies domain 'uefi': "
                        + "UEFI firmware for x86_64 machine type pc-q35-7.2 with Secure Boot was asked for");
    }

    @Test
    void defineGivesAReadOnlyUefiLoaderWithoutStoreTheDefaultPathAsLibvirtDoes() {
        DomainDef manual = def("<os><type machine='pc'>hvm</type><loader readonly='yes' type='pflash'>" + code
                + "</loader></os>");
        DomainDef defined = firmware.atDefine(manual);
        assertThat(defined.os().nvram().path()).isEqualTo(nvramDir.resolve("uefi_VARS.fd").toString());
        assertThat(firmware.atDefine(defined)).isEqualTo(defined);
        // the store does not exist yet: the start finds the loader's descriptor and copies its template
        FirmwarePlumbing.Prepared p = firmware.prepare("uefi", defined);
        assertThat(p.live().os().nvram().template()).isEqualTo(vars.toString());
        assertThat(p.created()).hasSize(1);
        DomainDef rom = def("<os><type machine='pc'>hvm</type><loader>" + code + "</loader></os>");
        assertThat(firmware.atDefine(rom)).isEqualTo(rom);
    }

    @Test
    void undefineLooksAtTheStoreADefinitionUses() {
        assertThat(firmware.nvram(def("<os firmware='efi'><type machine='q35'>hvm</type></os>")))
                .isEqualTo(nvramDir.resolve("uefi_VARS.fd"));
        assertThat(firmware.nvram(def("<os firmware='efi'><type machine='q35'>hvm</type>"
                + "<nvram>/srv/mine.fd</nvram></os>"))).isEqualTo(Path.of("/srv/mine.fd"));
        assertThat(firmware.nvram(def("<os firmware='efi'><type machine='q35'>hvm</type>"
                + "<loader stateless='yes'/></os>"))).isNull();
        assertThat(firmware.nvram(def("<os><type machine='q35'>hvm</type></os>"))).isNull();
    }

    @Test
    void theDescriptorDirectoriesAreLibvirts() {
        assertThat(HostFirmware.descriptorDirs(true)).containsExactly(Path.of("/usr/share/qemu/firmware"),
                Path.of("/etc/qemu/firmware"));
        assertThat(HostFirmware.descriptorDirs(false)).hasSize(3).last().asString().endsWith("qemu/firmware");
    }
}
