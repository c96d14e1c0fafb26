package io.jvirt.daemon.host.caps;

import io.jvirt.daemon.host.HostView;
import io.jvirt.qemu.caps.QemuCaps;
import io.jvirt.qemu.firmware.FirmwareDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capability documents of a made-up host ({@link FakeHost}) with the QEMU 7.2 answers
 * recorded on the development machine, against golden files in {@code src/test/resources/caps};
 * run with {@code -Djvirt.regen=true} to write them after a deliberate change.
 */
class CapsGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/caps");

    @TempDir
    Path tmp;

    @Test
    void capabilities() throws Exception {
        Path sys = tmp.resolve("sys");
        FakeHost.writeSys(sys);
        QemuCaps qemu = FakeHost.qemu();
        HostCaps host = new HostCapsReader(HostView.of(sys, tmp.resolve("dev")))
                .read(new HostCapsReader.Texts(FakeHost.cpuinfo(), "", "3d1219c7c4c5404aaa1f6d2a48adfda4\n"), qemu);
        String xml = CapabilitiesXml.render(host, List.of(
                new GuestCaps("x86_64", 64, qemu.emulator(), qemu.machines().subList(0, 4), List.of("qemu", "kvm"), null),
                new GuestCaps("i686", 32, "/usr/bin/qemu-system-i386", qemu.machines().subList(0, 1), List.of("qemu"),
                        "no domain type kvm: KVM is unusable on this host -- it hangs.")));
        golden("capabilities.xml", xml);
    }

    @ParameterizedTest
    @CsvSource({"qemu,pc-i440fx-7.2,domcaps-qemu-pc.xml", "qemu,q35,domcaps-qemu-q35.xml",
            "kvm,pc-q35-7.2,domcaps-kvm-q35.xml"})
    void domainCapabilities(String type, String machine, String golden) throws Exception {
        QemuCaps qemu = FakeHost.qemu();
        var descriptors = FirmwareDescriptors.load(List.of(DIR.resolve("firmware"))).all();
        var cpu = CpuInfo.parse(FakeHost.cpuinfo());
        DomainCaps caps = DomainCapsBuilder.build(qemu, type, qemu.machine(machine).orElseThrow(), descriptors,
                new DomainCapsBuilder.Host(cpu.qemuFeatures(), "AMD", type.equals("kvm")));
        golden(golden, DomainCapsXml.render(caps));
    }

    private static void golden(String name, String actual) throws Exception {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("jvirt.regen")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file; run with -Djvirt.regen=true to create it").exists();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
