package io.jvirt.it;

import static io.jvirt.it.StorageIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import io.jvirt.sys.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The platform devices end to end, booted under TCG through a real jvirtd: an i6300esb watchdog,
 * the ISA and PCI pvpanic devices, a virtio RNG on the host's /dev/urandom, a memory balloon with
 * free page reporting, an ivshmem-plain region, a VM generation id and the QEMU namespace's extra
 * arguments and environment. The guest sees each by its PCI vendor:device id or its ACPI id, and
 * reads random bytes from the virtio RNG. The host-dependent devices are refused at start, before
 * QEMU runs and leaving nothing behind, when this host lacks what they need: the vsock device
 * without /dev/vhost-vsock, a PCI host device without an IOMMU, a USB host device that is not
 * plugged in. (Host devices themselves cannot be assigned here: the machine has no IOMMU and no
 * device to spare, so only these checks and the command line, in jvirt-qemu's golden tests, are
 * tested.)
 */
class DevicesIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(30);
    private static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";

    private static final String PLATFORM = """
            <watchdog model='i6300esb' action='poweroff'/>
            <rng model='virtio'>
              <rate bytes='4096' period='1000'/>
              <backend model='random'>/dev/urandom</backend>
            </rng>
            <panic model='isa'/>
            <panic model='pvpanic'/>
            <shmem name='%s'>
              <model type='ivshmem-plain'/>
              <size unit='M'>1</size>
            </shmem>
            <memballoon model='virtio' freePageReporting='on'>
              <stats period='5'/>
            </memballoon>
            """;

    /** The test guest with more devices, a {@code <genid/>} and a QEMU namespace section. */
    private static String withPlatform(String name, String shm) throws Exception {
        String xml = TestGuest.xml(name, PLATFORM.formatted(shm));
        return xml.replace("<domain type='kvm'>", "<domain type='kvm' xmlns:qemu='" + QEMU_NS + "'>")
                .replace("</name>", "</name>\n  <genid/>")
                .replace("</domain>", """
                          <qemu:commandline>
                            <qemu:arg value='-smbios'/>
                            <qemu:arg value='type=1,serial=jvirt-it-qemu-ns'/>
                            <qemu:env name='JVIRT_IT_MARK' value='devices'/>
                          </qemu:commandline>
                        </domain>""");
    }

    @Test
    void theGuestSeesTheWatchdogPanicRngBalloonShmemAndGenid() throws Exception {
        String shm = "jvit-shmem-" + ProcessHandle.current().pid();
        Path f = tmp.resolve("plat.xml");
        Files.writeString(f, withPlatform("plat", shm));
        ok(sock, "define", f.toString());
        String defined = ok(sock, "dumpxml", "--inactive", "plat").out();
        // <genid/> got its UUID at define; the namespace section is kept, with libvirt's prefix
        assertThat(defined).containsPattern("<genid>[0-9a-f-]{36}</genid>")
                .contains("xmlns:qemu='" + QEMU_NS + "'").contains("<qemu:env name='JVIRT_IT_MARK' value='devices'/>");
        try {
            ok(sock, "start", "plat");
            try (JvirtClient c = daemon.client()) {
                waitForConsole(c, "plat", TestGuest.READY);
                long pid = c.info("plat").pid();
                assertThat(Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0"))
                        .contains("JVIRT_IT_MARK=devices");
                assertThat(ok(sock, "dominfo", "plat").out())
                        .contains("Messages:       tainted: custom configuration parameters specified");
                assertThat(Path.of("/dev/shm", shm)).exists();
                try (GuestShell g = new GuestShell(c, "plat")) {
                    String pci = g.run("for d in /sys/bus/pci/devices/*; do echo \"$(cat $d/vendor):$(cat $d/device)\"; "
                            + "done", CMD).output();
                    // i6300esb (Intel 8086:25ab), pvpanic-pci (Red Hat 1b36:0011), transitional virtio RNG
                    // (1af4:1005) and balloon (1af4:1002), ivshmem (1af4:1110)
                    assertThat(pci).contains("0x8086:0x25ab").contains("0x1b36:0x0011").contains("0x1af4:0x1005")
                            .contains("0x1af4:0x1002").contains("0x1af4:0x1110");
                    // the ISA pvpanic and the VM generation id are ACPI devices
                    String acpi = g.run("ls /sys/bus/acpi/devices/", CMD).output();
                    assertThat(acpi).contains("QEMU0001").contains("QEMUVGID");
                    assertThat(g.run("cat /sys/devices/virtual/misc/hw_random/rng_current", CMD).output())
                            .contains("virtio_rng");
                    assertThat(g.run("head -c 64 /dev/hwrng | wc -c", CMD).output()).containsPattern("(?m)^\\s*64\\s*$");
                    // the extra arguments of <qemu:commandline> reached QEMU
                    assertThat(g.run("cat /sys/class/dmi/id/product_serial", CMD).output()).contains("jvirt-it-qemu-ns");
                }
                ok(sock, "destroy", "plat");
                assertThat(ProcStat.read(pid).filter(ProcStat::alive)).isEmpty();
                // a stopped domain has no taints
                assertThat(ok(sock, "dominfo", "plat").out()).doesNotContain("tainted");
            }
        } finally {
            // like libvirt, jvirt leaves the shared memory object to its peers; the test removes it
            Files.deleteIfExists(Path.of("/dev/shm", shm));
        }
    }

    @Test
    void hostDependentDevicesAreRefusedAtStartLeavingNothingBehind() throws Exception {
        boolean vsock = Files.exists(Path.of("/dev/vhost-vsock"));
        boolean iommu = hasIommuGroups();
        String[][] cases = {
            {"vs", "<vsock model='virtio'><cid auto='yes'/></vsock>",
                vsock ? null : "needs /dev/vhost-vsock, which this host does not have"},
            {"pcidev", "<hostdev mode='subsystem' type='pci' managed='yes'><source>"
                + "<address domain='0x0000' bus='0x00' slot='0x1f' function='0x7'/></source></hostdev>",
                iommu ? "0000:00:1f.7" : "The host has no IOMMU groups, so the IOMMU is off"},
            {"usbdev", "<hostdev mode='subsystem' type='usb'><source>"
                + "<vendor id='0x1d6b'/><product id='0x0f0f'/></source></hostdev>", "1d6b:0f0f"},
        };
        for (String[] k : cases) {
            Path f = tmp.resolve(k[0] + ".xml");
            Files.writeString(f, TestGuest.xml(k[0], k[1]));
            ok(sock, "define", f.toString());
            Cli.Result start = Cli.run(sock, "start", k[0]);
            if (k[2] == null) {
                // this host has the device: the guest starts (the check is in DeviceHostChecksTest)
                assertThat(start.exit()).as(start.err()).isZero();
                ok(sock, "destroy", k[0]);
                continue;
            }
            assertThat(start.exit()).as(k[0] + " should not start: " + start.out()).isEqualTo(1);
            assertThat(start.err()).contains(k[2]);
            try (JvirtClient c = daemon.client()) {
                assertThat(c.info(k[0]).state()).isEqualTo(DomainState.SHUTOFF);
                assertThat(c.info(k[0]).pid()).isZero();
            }
            Path run = daemon.stateDir.resolve("run");
            if (Files.exists(run)) {
                try (var left = Files.list(run)) {
                    assertThat(left.toList()).as("run files of " + k[0]).isEmpty();
                }
            }
        }
    }

    private static boolean hasIommuGroups() throws Exception {
        Path groups = Path.of("/sys/kernel/iommu_groups");
        if (!Files.isDirectory(groups)) {
            return false;
        }
        try (var s = Files.list(groups)) {
            return s.findAny().isPresent();
        }
    }
}
