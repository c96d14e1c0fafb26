package io.jvirt.it;

import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jvirt install --sysinfo}, {@code --qemu-commandline} and {@code --hostdev} end to end: the
 * guest itself reads the SMBIOS strings it was given and the OEM string added through QEMU's own
 * arguments; a host device this host cannot hand over plans and defines, and the start fails with
 * one sentence and leaves nothing behind.
 */
class InstallPassthroughIT extends DaemonTest {
    private static final List<String> COMMON = List.of("--virt-type", "qemu", "--memory", "256", "--vcpus", "1",
            "--graphics", "none", "--noautoconsole", "--osinfo", "linux2020", "--network", "user");

    private Cli.Result install(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("install"));
        all.addAll(COMMON);
        all.addAll(List.of(args));
        return Cli.run(sock, all.toArray(String[]::new));
    }

    private static String boot() throws Exception {
        return "kernel=" + TestGuest.dir().resolve("vmlinuz") + ",initrd=" + TestGuest.dir().resolve("initrd.img")
                + ",kernel_args='console=ttyS0 panic=-1 quiet'";
    }

    @Test
    void theGuestReadsItsSmbiosStringsAndAnOemStringFromQemuArguments() throws Exception {
        Path disk = tmp.resolve("smbios.ext4");
        Files.copy(TestGuest.dir().resolve("root.ext4"), disk);
        Cli.Result r = install("--name", "smb", "--import", "--disk", disk.toString(), "--boot", boot(),
                "--sysinfo", "system.manufacturer=Acme Labs,system.serial=JVIRT-SN-42,bios.vendor=JvirtBIOS",
                "--qemu-commandline", "-smbios type=11,value=io.jvirt:from-qemu-commandline");
        assertThat(r.exit()).as(r.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.xml("smb", true)).contains("<smbios mode='sysinfo'/>", "<qemu:arg value='-smbios'/>");
            waitForConsole(c, "smb", TestGuest.READY);
            try (GuestShell shell = new GuestShell(c, "smb")) {
                Duration t = Duration.ofSeconds(60);
                assertThat(shell.run("cat /sys/class/dmi/id/product_serial", t).output()).contains("JVIRT-SN-42");
                assertThat(shell.run("cat /sys/class/dmi/id/sys_vendor", t).output()).contains("Acme Labs");
                assertThat(shell.run("cat /sys/class/dmi/id/bios_vendor", t).output()).contains("JvirtBIOS");
                // SMBIOS type 11 (OEM strings) holds what -smbios type=11 gave QEMU
                assertThat(shell.run("cat /sys/firmware/dmi/entries/11-0/raw | tr -c 'a-z.:-' ' '", t).output())
                        .contains("io.jvirt:from-qemu-commandline");
            }
        }
    }

    @Test
    void aHostDeviceThisHostCannotGiveDefinesButItsStartFailsInOneSentenceAndNothingStays() throws Exception {
        Cli.Result print = install("--name", "hd", "--import", "--disk", "none", "--boot", boot(),
                "--hostdev", "0000:00:02.0", "--hostdev", "046d:c52b", "--print-xml");
        assertThat(print.exit()).as(print.err()).isZero();
        Path xml = tmp.resolve("hd.xml");
        Files.writeString(xml, print.out());
        Cli.Result define = Cli.run(sock, "define", xml.toString());
        assertThat(define.exit()).as(define.err()).isZero();
        assertThat(Cli.run(sock, "undefine", "hd").exit()).isZero();

        Cli.Result r = install("--name", "hd", "--import", "--disk", "size=0.05", "--boot", boot(),
                "--hostdev", "0000:00:02.0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: The install of 'hd' failed and everything it created was removed: ")
                .contains("IOMMU").endsWith(".\n");
        assertThat(r.err().lines()).hasSize(1);
        try (JvirtClient c = daemon.client()) {
            assertThat(c.listDomains(true)).noneSatisfy(d -> assertThat(d.name()).isEqualTo("hd"));
            assertThat(c.listVolumes("default")).noneSatisfy(v -> assertThat(v.name()).startsWith("hd"));
        }
    }
}
