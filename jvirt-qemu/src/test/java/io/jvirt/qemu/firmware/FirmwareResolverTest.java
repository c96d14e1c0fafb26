package io.jvirt.qemu.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.OsDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware selection against the descriptors of Debian's ovmf package, case by case as libvirt
 * 9.0 decides (its qemuxml2argv firmware-auto-* and firmware-manual-* cases, with Debian's files).
 */
class FirmwareResolverTest {

    static final Path NVRAM = Path.of("/var/lib/jvirt/nvram");
    static final String CODE_MS = "/usr/share/OVMF/OVMF_CODE_4M.ms.fd";
    static final String CODE_SECBOOT = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd";
    static final String CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";

    FirmwareResolver resolver;

    @BeforeEach
    void descriptors() throws IOException {
        resolver = new FirmwareResolver(FirmwareDescriptors.load(List.of(FirmwareDescriptorsTest.DEBIAN)),
                MachineAliases.QEMU_7_2, NVRAM);
    }

    static DomainDef def(String osAttrs, String machine, String osBody, String features, String rest) {
        return DomainXml.parse("""
                <domain type='kvm'>
                  <name>vm</name>
                  <memory>524288</memory>
                  <os%s>
                    <type arch='x86_64' machine='%s'>hvm</type>
                    %s
                  </os>
                  <features><acpi/>%s</features>
                  %s
                </domain>
                """.formatted(osAttrs, machine, osBody, features, rest), new Random(1));
    }

    static DomainDef efi(String machine, String osBody) {
        return def(" firmware='efi'", machine, osBody, "", "");
    }

    @Test
    void plainEfiOnQ35GetsTheFirstDescriptorSecureBootWithMicrosoftKeysAndSmm() {
        FirmwareResolver.Resolution r = resolver.resolve(efi("q35", ""), p -> false);
        OsDef os = r.def().os();
        assertThat(r.chosen().file().getFileName()).hasToString("40-edk2-x86_64-secure-enrolled.json");
        assertThat(os.firmware()).isNull();
        assertThat(os.loader()).isEqualTo(new OsDef.Loader(CODE_MS, true, true, OsDef.Loader.Type.PFLASH, null, null));
        assertThat(os.nvram()).isEqualTo(new OsDef.Nvram("/var/lib/jvirt/nvram/vm_VARS.fd",
                "/usr/share/OVMF/OVMF_VARS_4M.ms.fd", null, false));
        assertThat(r.def().features().smm()).isTrue();
        assertThat(r.note()).contains("40-edk2-x86_64-secure-enrolled.json");
        // the live definition is a manual one: it formats and parses back unchanged
        assertThat(DomainXml.parse(DomainXml.format(r.def(), Secrets.INCLUDE))).isEqualTo(r.def());
    }

    @Test
    void featureRequirementsPickTheDescriptorThatFits() {
        assertThat(resolver.resolve(efi("q35", "<firmware><feature enabled='no' name='secure-boot'/></firmware>"),
                p -> false).def().os().loader().path()).isEqualTo(CODE);
        assertThat(resolver.resolve(efi("q35", "<firmware><feature enabled='no' name='enrolled-keys'/></firmware>"),
                p -> false).def().os().loader().path()).isEqualTo(CODE_SECBOOT);
        assertThat(resolver.resolve(efi("pc-q35-7.2", "<firmware><feature enabled='yes' name='enrolled-keys'/>"
                + "</firmware>"), p -> false).def().os().loader().path()).isEqualTo(CODE_MS);
        assertThat(resolver.resolve(efi("q35", "<loader secure='yes'/>"), p -> false).def().os().loader().path())
                .isEqualTo(CODE_MS);
    }

    @Test
    void anI440fxMachineGetsTheFirmwareWithoutSmm() {
        FirmwareResolver.Resolution r = resolver.resolve(efi("pc", "<nvram>/srv/pc_VARS.fd</nvram>"), p -> false);
        assertThat(r.def().os().loader().path()).isEqualTo(CODE);
        assertThat(r.def().os().loader().secure()).isNull();
        assertThat(r.def().os().nvram().path()).isEqualTo("/srv/pc_VARS.fd");
        assertThat(r.def().os().nvram().template()).isEqualTo("/usr/share/OVMF/OVMF_VARS_4M.fd");
        assertThat(r.def().features().smm()).isNull();
    }

    @Test
    void nothingFitsSecureBootOnI440fxOrAStatelessLoaderOrS4() {
        assertThatThrownBy(() -> resolver.resolve(efi("pc",
                "<firmware><feature enabled='yes' name='secure-boot'/></firmware>"), p -> false))
                .isInstanceOf(FirmwareException.class)
                .satisfies(e -> assertThat(((FirmwareException) e).kind()).isEqualTo(FirmwareException.Kind.NO_MATCH))
                .hasMessage("No firmware on this host satisfies domain 'vm': UEFI firmware for x86_64 machine type "
                        + "pc-i440fx-7.2 with Secure Boot was asked for, and none of the 3 descriptors in ["
                        + FirmwareDescriptorsTest.DEBIAN + "] offers it; install the firmware package (ovmf for UEFI) "
                        + "or change the requirements.");
        assertThatThrownBy(() -> resolver.resolve(efi("q35", "<loader stateless='yes'/>"), p -> false))
                .hasMessageContaining("UEFI firmware for x86_64 machine type pc-q35-7.2 stateless was asked for");
        assertThatThrownBy(() -> resolver.resolve(def(" firmware='efi'", "q35", "", "",
                "<pm><suspend-to-disk enabled='yes'/></pm>"), p -> false)).isInstanceOf(FirmwareException.class);
    }

    @Test
    void suspendToRamNeedsAcpiS3WhichDebiansFirmwareHas() {
        DomainDef d = def(" firmware='efi'", "q35", "", "", "<pm><suspend-to-mem enabled='yes'/></pm>");
        assertThat(resolver.resolve(d, p -> false).def().os().loader().path()).isEqualTo(CODE_MS);
    }

    @Test
    void smmTurnedOffConflictsWithFirmwareThatRequiresIt() {
        DomainDef d = def(" firmware='efi'", "q35", "<firmware><feature enabled='yes' name='secure-boot'/></firmware>",
                "<smm state='off'/>", "");
        assertThatThrownBy(() -> resolver.resolve(d, p -> false)).isInstanceOf(FirmwareException.class)
                .hasMessage("Domain 'vm' has SMM turned off, but the firmware chosen for it ("
                        + FirmwareDescriptorsTest.DEBIAN.resolve("40-edk2-x86_64-secure-enrolled.json")
                        + ") requires SMM; remove <smm state='off'/>.");
    }

    @Test
    void biosWithoutADescriptorUsesQemusBuiltInSeaBios() {
        FirmwareResolver.Resolution r = resolver.resolve(def(" firmware='bios'", "q35", "", "", ""), p -> false);
        assertThat(r.def().os().firmware()).isNull();
        assertThat(r.def().os().loader()).isNull();
        assertThat(r.note()).isEqualTo("no BIOS descriptor matches; QEMU's built-in SeaBIOS is used");
    }

    @Test
    void aReadOnlyUefiLoaderNamedByHandGetsItsTemplateFromItsDescriptorUntilTheStoreExists() {
        DomainDef manual = def("", "pc", "<loader readonly='yes' type='pflash'>" + CODE + "</loader>"
                + "<nvram>/srv/manual_VARS.fd</nvram>", "", "");
        FirmwareResolver.Resolution fresh = resolver.resolve(manual, p -> false);
        assertThat(fresh.def().os().nvram()).isEqualTo(new OsDef.Nvram("/srv/manual_VARS.fd",
                "/usr/share/OVMF/OVMF_VARS_4M.fd", null, false));
        assertThat(fresh.def().os().loader().path()).isEqualTo(CODE);
        FirmwareResolver.Resolution existing = resolver.resolve(manual, p -> p.equals("/srv/manual_VARS.fd"));
        assertThat(existing.def()).isEqualTo(manual);
        assertThat(existing.chosen()).isNull();
        DomainDef unknown = def("", "pc", "<loader readonly='yes' type='pflash'>/opt/MY_CODE.fd</loader>"
                + "<nvram>/srv/m_VARS.fd</nvram>", "", "");
        FirmwareResolver.Resolution none = resolver.resolve(unknown, p -> false);
        assertThat(none.def()).isEqualTo(unknown);
        assertThat(none.note()).contains("no descriptor names the loader /opt/MY_CODE.fd");
        DomainDef rom = def("", "pc", "<loader>/opt/bios.bin</loader>", "", "");
        assertThat(resolver.resolve(rom, p -> false).def()).isEqualTo(rom);
    }

    @Test
    void aNonRawImageIsRefusedUnlessQcow2(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fw"));
        Files.writeString(dir.resolve("10-odd.json"), Files.readString(FirmwareDescriptorsTest.DEBIAN
                .resolve("60-edk2-x86_64.json")).replaceFirst("\"raw\"", "\"vmdk\""));
        Files.writeString(dir.resolve("20-qcow2.json"), Files.readString(FirmwareDescriptorsTest.DEBIAN
                .resolve("60-edk2-x86_64.json")).replace("\"raw\"", "\"qcow2\""));
        FirmwareResolver odd = new FirmwareResolver(FirmwareDescriptors.load(List.of(dir)), MachineAliases.QEMU_7_2,
                NVRAM);
        assertThatThrownBy(() -> odd.resolve(efi("pc", ""), p -> false)).isInstanceOf(FirmwareException.class)
                .hasMessageContaining("in the format 'vmdk', which QEMU's flash cannot use");
        Files.delete(dir.resolve("10-odd.json"));
        FirmwareResolver qcow2 = new FirmwareResolver(FirmwareDescriptors.load(List.of(dir)),
                MachineAliases.QEMU_7_2, NVRAM);
        OsDef os = qcow2.resolve(efi("pc", ""), p -> false).def().os();
        assertThat(os.loader().format()).isEqualTo(OsDef.ImageFormat.QCOW2);
        assertThat(os.nvram().format()).isEqualTo(OsDef.ImageFormat.QCOW2);
    }
}
