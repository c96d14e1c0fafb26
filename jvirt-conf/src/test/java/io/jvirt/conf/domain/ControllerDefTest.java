package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Controllers: indexes as libvirt assigns them at parse time, libvirt's order, and the rules of each model. */
class ControllerDefTest {

    static Devices devices(String xml) {
        return DomainXml.parse("<domain type='kvm'><name>c</name><memory>1024</memory><os><type>hvm</type></os>"
                + "<devices>" + xml + "</devices></domain>", new Random(1)).devices();
    }

    @Test
    void unindexedControllersTakeTheLowestFreeIndexOfTheirType() {
        List<ControllerDef> c = devices("<controller type='pci' model='pcie-root-port'/>"
                + "<controller type='pci' index='0' model='pcie-root'/>"
                + "<controller type='pci' model='pcie-root-port'/>"
                + "<controller type='pci' index='2' model='pci-bridge'/>"
                + "<controller type='pci' model='pcie-root-port'/>"
                + "<controller type='scsi'/>").controllers();
        assertThat(c).extracting(ControllerDef::index).containsExactly(1, 0, 3, 2, 4, 0);
    }

    @Test
    void usb2CompanionsJoinTheControllerBeforeThem() {
        List<ControllerDef> c = devices("<controller type='usb' model='ich9-ehci1'/>"
                + "<controller type='usb' model='ich9-uhci1'/><controller type='usb' model='ich9-uhci2'/>"
                + "<controller type='usb' model='ich9-uhci3'/><controller type='usb' model='ich9-ehci1'/>"
                + "<controller type='usb' model='ich9-uhci1'/><controller type='usb' model='qemu-xhci'/>")
                .controllers();
        assertThat(c).extracting(ControllerDef::index).containsExactly(0, 0, 0, 0, 1, 1, 2);
        assertThat(c).extracting(ControllerDef::masterStartPort).containsExactly(null, 0, 2, 4, null, 0, null);
    }

    @Test
    void libvirtKeepsControllersOfOneTypeTogetherSortedByIndex() {
        ControllerDef usb1 = ControllerDef.of(Type.USB, 1, Model.QEMU_XHCI);
        ControllerDef sata = ControllerDef.of(Type.SATA, 0, null);
        ControllerDef usb0 = ControllerDef.of(Type.USB, 0, Model.PIIX3_UHCI);
        ControllerDef usbNew = ControllerDef.of(Type.USB, null, Model.QEMU_XHCI);
        assertThat(ControllerIndexes.libvirtOrder(List.of(usb1, sata, usb0, usbNew)))
                .containsExactly(usb0, usb1, usbNew, sata);
    }

    @Test
    void everyOptionBelongsToItsModels() {
        assertThatThrownBy(() -> devices("<controller type='pci' index='1' model='pcie-root-port'>"
                + "<target chassisNr='3'/></controller>"))
                .hasMessageContaining("The option 'chassisNr' applies only to a pci-bridge controller, not to the "
                        + "pci controller 1 (pcie-root-port); remove it.");
        assertThatThrownBy(() -> devices("<controller type='usb' index='0' model='piix3-uhci' ports='4'/>"))
                .hasMessageContaining("The usb controller 0 (piix3-uhci) has a fixed number of ports; only qemu-xhci "
                        + "and nec-xhci take 'ports'.");
        assertThatThrownBy(() -> devices("<controller type='scsi' index='0' model='lsilogic'>"
                + "<driver queues='4'/></controller>"))
                .hasMessageContaining("apply only to a virtio-scsi controller, not to the scsi controller 0 (lsilogic)");
        assertThatThrownBy(() -> devices("<controller type='sata' index='0'><target chassis='1'/></controller>"))
                .hasMessageContaining("Only a PCI controller has a <model name> or a <target>");
    }

    @Test
    void usbOffExcludesOtherUsbControllersAndCompanionsNeedTheirMaster() {
        assertThatThrownBy(() -> devices("<controller type='usb' index='0' model='none'/>"
                + "<controller type='usb' index='1' model='qemu-xhci'/>"))
                .hasMessageContaining("A USB controller of model 'none' turns USB off");
        assertThatThrownBy(() -> devices("<controller type='usb' index='0' model='ich9-uhci1'/>"))
                .hasMessageContaining("need their USB2 master (ich9-ehci1) with the same index");
    }

    @Test
    void crossDeviceProblemsAreReportedTogether() {
        assertThatThrownBy(() -> devices("<controller type='scsi' index='0'/><controller type='scsi' index='0'/>"
                + "<disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                + "<disk type='file'><source file='/b'/><target dev='vda'/></disk>"))
                .isInstanceOfSatisfying(ConfException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void addressesThatAskToBeAssignedDoNotClash() {
        Devices d = devices("<input type='tablet' bus='usb'><address type='usb' bus='0'/></input>"
                + "<input type='mouse' bus='usb'><address type='usb' bus='0'/></input>"
                + "<rng model='virtio'><backend model='random'/><address type='pci'/></rng>"
                + "<memballoon model='virtio'><address type='pci'/></memballoon>"
                + "<disk type='file'><source file='/a'/><target dev='hda'/>"
                + "<address type='drive' controller='0' bus='0' target='0' unit='0'/></disk>"
                + "<disk type='file'><source file='/b'/><target dev='sda'/>"
                + "<address type='drive' controller='0' bus='0' target='0' unit='0'/></disk>");
        assertThat(d.inputs()).hasSize(2);
    }
}
