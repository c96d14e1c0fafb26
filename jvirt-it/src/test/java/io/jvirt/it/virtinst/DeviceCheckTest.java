package io.jvirt.it.virtinst;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start test's judge on a hand-made guest report: a report that matches its definition passes,
 * and each kind of missing or wrong device is caught (so that VirtInstallStartIT can fail).
 */
class DeviceCheckTest {

    /** An i440fx guest as jvirt's live XML has it: a virtio disk, an empty IDE CD-ROM, a NIC, HD Audio, a root port-less bus. */
    private static final String LIVE = """
            <domain type='qemu'>
              <name>t</name>
              <memory unit='KiB'>1048576</memory>
              <currentMemory unit='KiB'>1048576</currentMemory>
              <vcpu placement='static'>2</vcpu>
              <os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='/c/vda.qcow2'/>
                  <target dev='vda' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <target dev='hda' bus='ide'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='0'/>
                </disk>
                <controller type='pci' index='0' model='pci-root'/>
                <controller type='ide' index='0'>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x1'/>
                </controller>
                <interface type='network'>
                  <mac address='52:54:00:1c:48:b4'/>
                  <source network='default'/>
                  <model type='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
                </interface>
                <serial type='pty'><target type='isa-serial' port='0'/></serial>
                <sound model='ich6'>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
                </sound>
              </devices>
            </domain>
            """;

    /** What virt-install wrote before jvirt added controllers and addresses. */
    private static final String VIRT_INSTALL = """
            <domain type='qemu'><name>t</name><memory>1048576</memory><vcpu>2</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><source file='/c/vda.qcow2'/><target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='cdrom'><target dev='hda' bus='ide'/></disk>
                <interface type='network'><source network='default'/><mac address='52:54:00:1c:48:b4'/></interface>
                <sound model='ich6'/>
              </devices>
            </domain>
            """;

    private static final String REPORT = """
            [    7.1] some kernel noise
            JVIRT-REPORT-BEGIN
            JVR pci /sys/devices/pci0000:00/0000:00:00.0 0x8086 0x1237 0x060000 -
            JVR pci /sys/devices/pci0000:00/0000:00:01.0 0x8086 0x7000 0x060100 -
            JVR pci /sys/devices/pci0000:00/0000:00:01.1 0x8086 0x7010 0x010180 ata_piix
            JVR pci /sys/devices/pci0000:00/0000:00:01.3 0x8086 0x7113 0x068000 -
            JVR pci /sys/devices/pci0000:00/0000:00:02.0 0x8086 0x2668 0x040300 snd_hda_intel
            JVR pci /sys/devices/pci0000:00/0000:00:03.0 0x1af4 0x1000 0x020000 virtio-pci
            JVR pci /sys/devices/pci0000:00/0000:00:04.0 0x1af4 0x1001 0x010000 virtio-pci
            JVR cpus 0-1
            JVR cpu cpu0 0 0 0
            JVR cpu cpu1 1 0 0
            JVR mem 983492
            JVR block sr0 2097151 1 /sys/devices/pci0000:00/0000:00:01.1/ata1/host0/target0:0:0/0:0:0:0
            JVR block vda 131072 0 /sys/devices/pci0000:00/0000:00:04.0/virtio3
            JVR net eth0 52:54:00:1c:48:b4 virtio_net
            JVR serial 0 16550A 000003F8
            JVR sound 0 HDA-Intel - HDA Intel
            JVR acpi LNXSYSTM PNP0501
            JVR acpitables APIC DSDT FACP
            JVIRT-REPORT-END
            """;

    private static final Map<String, Long> SIZES = Map.of("/c/vda.qcow2", 64L << 20);

    private static DeviceCheck.Result check(String report) {
        GuestReport r = GuestReport.parse(report);
        assertThat(r).as("a complete report").isNotNull();
        return DeviceCheck.check(VIRT_INSTALL, LIVE, null, r, SIZES);
    }

    @Test
    void aGuestWithEveryDevicePasses() {
        assertThat(check(REPORT).problems()).isEmpty();
    }

    @Test
    void anIncompleteReportIsNoReport() {
        assertThat(GuestReport.parse(REPORT.substring(0, REPORT.indexOf("JVIRT-REPORT-END")))).isNull();
    }

    @Test
    void aMissingOrWrongPciFunctionIsCaught() {
        assertThat(check(REPORT.replace("JVR pci /sys/devices/pci0000:00/0000:00:02.0 0x8086 0x2668 0x040300 "
                + "snd_hda_intel\n", "")).problems())
                .contains("PCI 02.0: the guest has no function where jvirt puts the ich6 (intel-hda)");
        assertThat(check(REPORT.replace("0x1af4 0x1001", "0x1af4 0x1042")).problems())
                .contains("PCI 04.0: the virtio disk should be 1af4:1001, the guest sees 1af4:1042");
        assertThat(check(REPORT.replace("0x040300 snd_hda_intel", "0x040300 -")).problems()).singleElement()
                .asString().contains("driver snd_hda_intel did not bind");
        assertThat(check(REPORT.replace("JVR cpus", "JVR pci /sys/devices/pci0000:00/0000:00:05.0 0x1b36 0x000d "
                + "0x0c0330 xhci_hcd\nJVR cpus")).problems())
                .contains("PCI 05.0: the guest has a function (1b36:000d, class 0c0330) that jvirt's definition does "
                        + "not name");
    }

    @Test
    void disksNicsCpusMemoryAndPortsAreCounted() {
        assertThat(check(REPORT.replace("JVR block vda 131072", "JVR block vda 2048")).problems()).singleElement()
                .asString().startsWith("the guest's disks (kind and bytes) are [sr 1073741312, vd 1048576]");
        assertThat(check(REPORT.replace("52:54:00:1c:48:b4 virtio_net", "52:54:00:00:00:01 virtio_net")).problems())
                .containsExactly("the guest has no network interface with the MAC 52:54:00:1c:48:b4");
        assertThat(check(REPORT.replace("JVR cpus 0-1", "JVR cpus 0")).problems())
                .containsExactly("the guest has 1 vCPUs online; the definition gives 2");
        assertThat(check(REPORT.replace("JVR mem 983492", "JVR mem 483492")).problems()).singleElement().asString()
                .startsWith("the guest has 472 MiB of memory");
        assertThat(check(REPORT.replace("JVR serial 0 16550A 000003F8\n", "")).problems())
                .containsExactly("the guest has 0 16550 serial ports; the definition gives 1");
        assertThat(check(REPORT.replace("JVR sound 0 HDA-Intel - HDA Intel\n", "")).problems())
                .containsExactly("the guest has 0 sound cards []; the definition gives 1");
    }

    @Test
    void aDeviceJvirtDroppedIsCaught() {
        String dropped = LIVE.replace(LIVE.substring(LIVE.indexOf("    <sound"), LIVE.indexOf("  </devices>")), "");
        DeviceCheck.Result r = DeviceCheck.check(VIRT_INSTALL, dropped, null, GuestReport.parse(REPORT), SIZES);
        assertThat(r.problems()).contains("virt-install's document has 1 <sound>, jvirt's definition 0");
    }

    @Test
    void positionsFollowTheBridgesFromTheRootBus() {
        assertThat(GuestReport.position("/sys/devices/pci0000:00/0000:00:02.0/0000:01:00.0")).isEqualTo("02.0/00.0");
        assertThat(GuestReport.position("/sys/devices/pci0000:00/0000:00:1f.2")).isEqualTo("1f.2");
        assertThat(GuestReport.countCpus("0-3,6")).isEqualTo(5);
    }
}
