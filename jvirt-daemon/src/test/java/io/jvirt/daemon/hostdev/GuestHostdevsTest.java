package io.jvirt.daemon.hostdev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.HostdevSource;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.HostdevPlumbing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host side of host devices against a fake sysfs: this machine has no IOMMU, no VFIO and no
 * devices to hand over, so these checks and the VFIO binding are only exercised here.
 */
class GuestHostdevsTest {
    private static final String NIC = "0000:06:12.5";

    private final List<String> vfCalls = new ArrayList<>();

    private GuestHostdevs plumbing(FakeHost host) {
        return new GuestHostdevs(host, (pf, vf, mac, vlan) -> vfCalls.add(pf + " vf " + vf + " " + mac + " " + vlan));
    }

    private static DomainDef domain(String devices) {
        return DomainXml.parse("<domain type='kvm'><name>g</name><memory>65536</memory><os><type>hvm</type></os>"
                + "<devices>" + devices + "</devices></domain>");
    }

    private static String pci(String managed) {
        return "<hostdev mode='subsystem' type='pci' managed='" + managed + "'><source>"
                + "<address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source></hostdev>";
    }

    @Test
    void iommuOffIsNamedWithTheKernelParameterAndNothingIsWritten(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).pciNoGroup(NIC);
        assertThatThrownBy(() -> plumbing(host).plug("g", domain(pci("yes"))))
                .isInstanceOf(DaemonException.class)
                .satisfies(e -> assertThat(((DaemonException) e).code()).isEqualTo(ErrorCode.HOST_RESOURCE))
                .hasMessageContaining("domain 'g' cannot start: The host has no IOMMU groups, so the IOMMU is off")
                .hasMessageContaining("intel_iommu=on")
                .hasMessageContaining("The host kernel has no VFIO (/dev/vfio/vfio is missing)")
                .hasMessageContaining("is in no IOMMU group");
        assertThat(host.writes).isEmpty();
    }

    @Test
    void anAbsentDeviceIsNamed(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).vfio().pci("0000:00:02.0", 3, "e1000e");
        assertThatThrownBy(() -> plumbing(host).plug("g", domain(pci("yes"))))
                .hasMessage("domain 'g' cannot start: The host has no PCI device 0000:06:12.5 (PCI host device "
                        + "0000:06:12.5); check <source><address> against 'lspci -D'.");
        assertThat(host.writes).isEmpty();
    }

    @Test
    void aDeviceAHostDriverHoldsNeedsManaged(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).vfio().pci(NIC, 12, "e1000e");
        assertThatThrownBy(() -> plumbing(host).plug("g", domain(pci("no"))))
                .hasMessage("domain 'g' cannot start: The PCI device 0000:06:12.5 (PCI host device 0000:06:12.5) is "
                        + "in use by the host driver 'e1000e' and managed='no'; bind it to vfio-pci ('driverctl "
                        + "set-override 0000:06:12.5 vfio-pci') or set managed='yes' for jvirt to do it.");
        assertThat(host.driverOf(NIC)).isEqualTo("e1000e");
        assertThat(host.writes).isEmpty();
    }

    @Test
    void aManagedDeviceIsBoundToVfioAndGivenBackAtUnplug(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).vfio().pci(NIC, 12, "e1000e");
        GuestHostdevs p = plumbing(host);
        HostdevPlumbing.Plugged plugged = p.plug("g", domain(pci("yes")));
        assertThat(host.driverOf(NIC)).isEqualTo("vfio-pci");
        assertThat(host.writes).containsExactly(
                "bus/pci/devices/0000:06:12.5/driver_override <- vfio-pci",
                "bus/pci/devices/0000:06:12.5/driver/unbind <- 0000:06:12.5",
                "bus/pci/drivers_probe <- 0000:06:12.5");
        host.writes.clear();
        p.unplug("g", plugged.live());
        assertThat(host.driverOf(NIC)).isEqualTo("e1000e");
        assertThat(host.writes).containsExactly(
                "bus/pci/drivers/vfio-pci/unbind <- 0000:06:12.5",
                "bus/pci/devices/0000:06:12.5/driver_override <- ",
                "bus/pci/drivers_probe <- 0000:06:12.5");
    }

    @Test
    void aGroupSharedWithAHostDeviceIsRefused(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).vfio().pci(NIC, 12, "vfio-pci").pci("0000:06:12.6", 12, "ahci")
                .devNode("vfio/12");
        assertThatThrownBy(() -> plumbing(host).plug("g", domain(pci("no"))))
                .hasMessageContaining("shares IOMMU group 12 with 0000:06:12.6, which the host driver 'ahci' holds");
    }

    @Test
    void aDeviceAlreadyOnVfioStartsUnmanaged(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).vfio().pci(NIC, 12, "vfio-pci").devNode("vfio/12");
        HostdevPlumbing.Plugged plugged = plumbing(host).plug("g", domain(pci("no")));
        assertThat(plugged.live().devices().hostdevs()).hasSize(1);
        assertThat(host.writes).isEmpty();
    }

    @Test
    void usbDevicesAreFoundByVendorAndProductAndOptionalOnesMayBeAbsent(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).usb("1-1", 1, 4, 0x1234, 0xbeef).devNode("bus/usb/001/004");
        DomainDef def = domain("<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/>"
                + "<product id='0xbeef'/></source></hostdev>"
                + "<hostdev mode='subsystem' type='usb'><source startupPolicy='optional'><vendor id='0x1111'/>"
                + "<product id='0x2222'/></source></hostdev>");
        HostdevPlumbing.Plugged plugged = plumbing(host).plug("g", def);
        assertThat(plugged.live().devices().hostdevs()).hasSize(1);
        HostdevSource.Usb u = (HostdevSource.Usb) plugged.live().devices().hostdevs().getFirst().source();
        assertThat(u.bus()).isEqualTo(1);
        assertThat(u.device()).isEqualTo(4);
        assertThat(DomainXml.format(plugged.live(), Secrets.OMIT)).contains("<vendor id='0x1234'/>")
                .contains("<address bus='1' device='4'/>");
    }

    @Test
    void aMissingMandatoryUsbDeviceAndAnAmbiguousOneAreReportedTogether(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).usb("1-1", 1, 4, 0x1234, 0xbeef).usb("2-1", 2, 7, 0x1234, 0xbeef);
        DomainDef def = domain("<hostdev mode='subsystem' type='usb'><source><address bus='3' device='9'/>"
                + "</source></hostdev><hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/>"
                + "<product id='0xbeef'/></source></hostdev>");
        assertThatThrownBy(() -> plumbing(host).plug("g", def))
                .hasMessageContaining("The host has no USB host device 3:9; plug it in, or set "
                        + "startupPolicy='optional' to start without it.")
                .hasMessageContaining("The host has 2 USB devices of USB host device 1234:beef (at 1:4, 2:7); name "
                        + "one with <address bus device>.");
    }

    @Test
    void scsiLunsGetTheirGenericNode(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).scsi("0:0:0:1", "sg3").devNode("sg3");
        DomainDef def = domain("<controller type='scsi' model='virtio-scsi'/><hostdev mode='subsystem' type='scsi'>"
                + "<source><adapter name='scsi_host0'/><address bus='0' target='0' unit='1'/></source></hostdev>");
        assertThat(plumbing(host).plug("g", def).scsiGeneric())
                .containsEntry("0:0:0:1", tmp.resolve("dev/sg3").toString());
        DomainDef missing = domain("<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host1'/>"
                + "<address bus='0' target='0' unit='0'/></source></hostdev>");
        assertThatThrownBy(() -> plumbing(host).plug("g", missing)).hasMessageContaining(
                "The host has no SCSI LUN 1:0:0:0");
    }

    @Test
    void vhostScsiAndMediatedDevicesNeedTheirHostSide(@TempDir Path tmp) {
        FakeHost host = new FakeHost(tmp).vfio();
        DomainDef def = domain("<hostdev mode='subsystem' type='scsi_host'><source protocol='vhost' "
                + "wwpn='naa.5123456789abcde0'/></hostdev><graphics type='vnc'/><hostdev mode='subsystem' "
                + "type='mdev' model='vfio-pci'><source><address uuid='53764d0e-85a0-42b4-af5c-2046b460b1dc'/>"
                + "</source></hostdev>");
        assertThatThrownBy(() -> plumbing(host).plug("g", def))
                .hasMessageContaining("The host has no vhost-scsi (/dev/vhost-scsi is missing)")
                .hasMessageContaining("The mediated device 53764d0e-85a0-42b4-af5c-2046b460b1dc does not exist");
    }

    @Test
    void aNetworkVirtualFunctionIsBoundAndGetsItsMacAndVlan(@TempDir Path tmp) {
        String vf = "0000:03:07.1";
        FakeHost host = new FakeHost(tmp).vfio().pci(vf, 20, "iavf").pci("0000:03:00.0", 21, "i40e")
                .virtualFunction(vf, "0000:03:00.0", "enp3s0f0", 1);
        DomainDef def = domain("<interface type='hostdev' managed='yes'><mac address='52:54:00:aa:bb:cc'/>"
                + "<source><address type='pci' domain='0x0000' bus='0x03' slot='0x07' function='0x1'/></source>"
                + "<vlan><tag id='42'/></vlan></interface>");
        plumbing(host).plug("g", def);
        assertThat(host.driverOf(vf)).isEqualTo("vfio-pci");
        assertThat(vfCalls).containsExactly("enp3s0f0 vf 1 52:54:00:aa:bb:cc 42");
    }

    @Test
    void aFailedVfSettingGivesTheBoundDevicesBack(@TempDir Path tmp) {
        String vf = "0000:03:07.1";
        FakeHost host = new FakeHost(tmp).vfio().pci(vf, 20, "iavf").pci("0000:03:00.0", 21, "i40e")
                .virtualFunction(vf, "0000:03:00.0", "enp3s0f0", 1);
        GuestHostdevs p = new GuestHostdevs(host, (pf, n, mac, vlan) -> {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "ip said no.");
        });
        DomainDef def = domain("<interface type='hostdev' managed='yes'><mac address='52:54:00:aa:bb:cc'/>"
                + "<source><address type='pci' domain='0x0000' bus='0x03' slot='0x07' function='0x1'/></source>"
                + "</interface>");
        assertThatThrownBy(() -> p.plug("g", def)).hasMessage("domain 'g' cannot start: ip said no.");
        assertThat(host.driverOf(vf)).isEqualTo("iavf");
    }
}
