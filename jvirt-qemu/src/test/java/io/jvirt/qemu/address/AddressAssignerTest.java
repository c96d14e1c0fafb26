package io.jvirt.qemu.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.InputDef;
import io.jvirt.conf.domain.InterfaceDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Address assignment case by case, each checked against what libvirt 9.0 does with the same XML. */
class AddressAssignerTest {

    static DomainDef parse(String machine, String devices) {
        return DomainXml.parse("<domain type='kvm'><name>t</name><uuid>7a1c2e4f-0b3d-4e5f-8a9b-0c1d2e3f4a5b</uuid>"
                + "<memory>262144</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='" + machine
                + "'>hvm</type></os><devices>" + devices + "</devices></domain>", new Random(1));
    }

    static Address.Pci pci(int bus, int slot, int function) {
        return new Address.Pci(0, bus, slot, function, null);
    }

    static Address.Pci at(DeviceDef d) {
        return ((Address.Pci) d.address()).withMultifunction(null);
    }

    static ControllerDef controller(DomainDef def, Type type, int index) {
        return def.devices().controllers().stream().filter(c -> c.type() == type && c.index() == index).findFirst()
                .orElseThrow();
    }

    @Test
    void virtInstallsUnindexedRootPortsGetIndexesAndTheDevicesGoBehindThem() {
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            ports.append("<controller type='pci' model='pcie-root-port'/>");
        }
        DomainDef def = AddressAssigner.assign(parse("q35", "<disk type='file'><source file='/a.qcow2'/>"
                + "<target dev='vda' bus='virtio'/></disk><controller type='usb' model='qemu-xhci' ports='15'/>"
                + "<controller type='pci' model='pcie-root'/>" + ports
                + "<interface type='user'><mac address='52:54:00:00:00:01'/><model type='virtio'/></interface>"));
        assertThat(controller(def, Type.PCI, 0).model()).isEqualTo(Model.PCIE_ROOT);
        for (int i = 1; i <= 4; i++) {
            ControllerDef port = controller(def, Type.PCI, i);
            assertThat(port.model()).isEqualTo(Model.PCIE_ROOT_PORT);
            // no video: the root ports share slot 1, one function each, as libvirt puts them
            assertThat(at(port)).isEqualTo(pci(0, 1, i - 1));
            assertThat(port.pci().chassis()).isEqualTo(i);
            assertThat(port.pci().port()).isEqualTo(8 + i - 1);
        }
        assertThat(at(def.devices().interfaces().getFirst())).isEqualTo(pci(1, 0, 0));
        assertThat(at(controller(def, Type.USB, 0))).isEqualTo(pci(2, 0, 0));
        assertThat(at(def.devices().disks().getFirst())).isEqualTo(pci(3, 0, 0));
        assertThat(at(def.devices().memballoon())).isEqualTo(pci(4, 0, 0));
        assertThat(at(controller(def, Type.SATA, 0))).isEqualTo(pci(0, 0x1f, 2));
        assertThat(def.devices().controllers().stream().filter(c -> c.type() == Type.PCI)).hasSize(5);
    }

    @Test
    void rootPortsWithoutTheRootTakeIndexZeroAndAreRefusedAsLibvirtDoes() {
        assertThatThrownBy(() -> AddressAssigner.assign(parse("q35",
                "<controller type='pci' model='pcie-root-port'/>")))
                .isInstanceOf(AddressException.class)
                .hasMessage("The PCI controller with index 0 of a q35 machine is its root and must be a 'pcie-root', "
                        + "not a 'pcie-root-port'.");
    }

    @Test
    void aDiskAddedLaterTakesTheSpareRootPortAndNothingElseMoves() {
        DomainDef first = AddressAssigner.assign(parse("q35", "<disk type='file'><source file='/a.img'/>"
                + "<target dev='vda'/></disk><interface type='user'><mac address='52:54:00:00:00:01'/>"
                + "<model type='virtio'/></interface>"));
        List<DeviceDef> devices = new ArrayList<>(first.devices().all());
        DiskDef vdb = parse("q35", "<disk type='file'><source file='/b.img'/><target dev='vdb'/></disk>")
                .devices().disks().getFirst();
        devices.add(vdb);
        DomainDef second = AddressAssigner.assign(first.withDevices(
                new io.jvirt.conf.domain.Devices(first.devices().emulator(), devices)));
        for (DeviceDef d : first.devices().all()) {
            assertThat(second.devices().all()).as("kept as it was").contains(d);
        }
        DiskDef placed = second.devices().disks().stream().filter(d -> d.target().dev().equals("vdb")).findFirst()
                .orElseThrow();
        // libvirt's one spare root port (index 5 after nic, usb, disk, balloon) takes it
        assertThat(at(placed)).isEqualTo(pci(5, 0, 0));
        assertThat(second.devices().controllers()).hasSameSizeAs(first.devices().controllers());
    }

    @Test
    void aPcGuestWhoseRootBusFillsUpGetsAPciBridge() {
        StringBuilder nics = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            nics.append(String.format("<interface type='user'><mac address='52:54:00:00:01:%02x'/>"
                    + "<model type='e1000'/></interface>", i));
        }
        DomainDef def = AddressAssigner.assign(parse("pc", nics.toString()));
        ControllerDef bridge = controller(def, Type.PCI, 1);
        assertThat(bridge.model()).isEqualTo(Model.PCI_BRIDGE);
        // the bridge comes first, in the first free slot (no video here to take slot 2)
        assertThat(at(bridge)).isEqualTo(pci(0, 2, 0));
        assertThat(bridge.pci().chassisNr()).isEqualTo(1);
        List<InterfaceDef> n = def.devices().interfaces();
        for (int i = 0; i < 29; i++) {
            assertThat(at(n.get(i))).isEqualTo(pci(0, 3 + i, 0));
        }
        assertThat(at(n.get(29))).isEqualTo(pci(1, 1, 0));
        assertThat(at(n.get(30))).isEqualTo(pci(1, 2, 0));
        assertThat(at(def.devices().memballoon())).isEqualTo(pci(1, 3, 0));
        assertThat(at(controller(def, Type.USB, 0))).isEqualTo(pci(0, 1, 2));
    }

    @Test
    void assigningAnAssignedDefinitionChangesNothing() {
        DomainDef once = AddressAssigner.assign(parse("q35", "<disk type='file'><source file='/a.img'/>"
                + "<target dev='sda' bus='sata'/></disk><channel type='unix'><target type='virtio' name='a.b'/>"
                + "</channel><input type='tablet' bus='usb'/><graphics type='vnc'/>"));
        assertThat(AddressAssigner.assign(once)).isSameAs(once);
        assertThat(AddressAssigner.check(once)).isEmpty();
    }

    @Test
    void sparePortsAreKeptEmptyAndStayStable() {
        AddressAssigner.Options spares = new AddressAssigner.Options(3, true);
        DomainDef def = AddressAssigner.assign(parse("q35", "<disk type='file'><source file='/a.img'/>"
                + "<target dev='vda'/></disk>"), spares);
        // usb, disk, balloon, and three empty ports (libvirt's one among them)
        assertThat(def.devices().controllers().stream().filter(c -> c.model() == Model.PCIE_ROOT_PORT)).hasSize(6);
        assertThat(AddressAssigner.assign(def, spares)).isSameAs(def);
    }

    @Test
    void usbHubsAreAddedWhenTheControllerRunsOutOfPorts() {
        DomainDef def = AddressAssigner.assign(parse("pc", "<input type='mouse' bus='usb'/>"
                + "<input type='tablet' bus='usb'/><input type='keyboard' bus='usb'/>"));
        assertThat(def.devices().hubs()).hasSize(1);
        assertThat(def.devices().hubs().getFirst().address()).isEqualTo(new Address.Usb(0, "1"));
        List<InputDef> usb = def.devices().inputs().stream().filter(i -> i.bus() == InputDef.Bus.USB).toList();
        assertThat(usb).extracting(InputDef::address).containsExactly(new Address.Usb(0, "2"),
                new Address.Usb(0, "1.1"), new Address.Usb(0, "1.2"));
    }

    @Test
    void aFullVirtioSerialControllerGetsASecondOne() {
        DomainDef def = AddressAssigner.assign(parse("pc", "<controller type='virtio-serial' ports='2'/>"
                + "<channel type='unix'><target type='virtio' name='a.one'/></channel>"
                + "<channel type='unix'><target type='virtio' name='a.two'/></channel>"));
        assertThat(def.devices().channels()).extracting(DeviceDef::address).containsExactly(
                new Address.VirtioSerial(0, 0, 1), new Address.VirtioSerial(1, 0, 1));
        assertThat(controller(def, Type.VIRTIO_SERIAL, 1).address()).isInstanceOf(Address.Pci.class);
    }

    @Test
    void drivesTakeTheAddressTheirNamesImplyAndTheirControllersAppear() {
        DomainDef def = AddressAssigner.assign(parse("pc", "<disk type='file'><source file='/a'/>"
                + "<target dev='sdi' bus='scsi'/></disk><disk type='file' device='cdrom'>"
                + "<target dev='hdc' bus='ide'/></disk>"));
        assertThat(def.devices().disks()).extracting(DeviceDef::address).containsExactly(
                new Address.Drive(1, 0, 0, 1), new Address.Drive(0, 1, 0, 0));
        assertThat(controller(def, Type.SCSI, 0).model()).isEqualTo(Model.LSILOGIC);
        assertThat(controller(def, Type.SCSI, 1).model()).isEqualTo(Model.LSILOGIC);
        assertThat(at(controller(def, Type.IDE, 0))).isEqualTo(pci(0, 1, 1));
    }

    @Test
    void anExpanderBusMayNameAGuestNumaNodeButNotOneTheGuestLacks() {
        String head = "<domain type='kvm'><name>t</name><uuid>7a1c2e4f-0b3d-4e5f-8a9b-0c1d2e3f4a5b</uuid>"
                + "<memory>262144</memory><vcpu>4</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
                + "<cpu><numa><cell cpus='0-1' memory='131072'/><cell cpus='2-3' memory='131072'/></numa></cpu>"
                + "<devices><controller type='pci' index='0' model='pci-root'/>"
                + "<controller type='pci' index='1' model='pci-expander-bus'><model name='pxb'/>"
                + "<target busNr='254'><node>";
        String tail = "</node></target></controller></devices></domain>";
        // cells without an id are numbered by position, as libvirt numbers them
        DomainDef def = AddressAssigner.assign(DomainXml.parse(head + "1" + tail, new Random(1)));
        assertThat(controller(def, Type.PCI, 1).pci().numaNode()).isEqualTo(1);
        assertThatThrownBy(() -> AddressAssigner.assign(DomainXml.parse(head + "2" + tail, new Random(1))))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining("is configured for NUMA node 2, which the domain's <cpu><numa> does not have");
    }

    @Test
    void everyConflictIsReportedAtOnce() {
        assertThatThrownBy(() -> AddressAssigner.assign(parse("pc",
                "<interface type='user'><mac address='52:54:00:00:00:02'/>"
                        + "<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/></interface>"
                        + "<rng model='virtio'><backend model='random'/>"
                        + "<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></rng>")))
                .isInstanceOfSatisfying(AddressException.class, e -> assertThat(e.problems()).containsExactly(
                        "The rng device: the PCI address 0000:03:00.0 is invalid: slots on bus 3 start at 1.",
                        "The interface 52:54:00:00:00:02 is at PCI address 0000:00:01.0, which the chipset's own "
                                + "devices occupy; choose another slot or remove its address."));
    }

    @Test
    void anUnassignedDefinitionIsNamedIncomplete() {
        DomainDef def = parse("pc", "<disk type='file'><source file='/a'/><target dev='vda'/></disk>");
        assertThat(AddressAssigner.check(def)).containsExactly("The definition was not given its addresses (the "
                + "disk 'vda' has no address, the usb controller 0 (piix3-uhci) is missing, the pci controller 0 "
                + "(pci-root) is missing and 4 more); jvirtd assigns them when it defines a domain, so define it "
                + "again.");
    }

    @Test
    void olderDefinitionsWithModellessPciControllersKeepWorking() {
        DomainDef def = AddressAssigner.assign(parse("q35", "<controller type='pci' index='0'/>"
                + "<controller type='pci' index='1'/>"));
        assertThat(controller(def, Type.PCI, 0).model()).isEqualTo(Model.PCIE_ROOT);
        assertThat(controller(def, Type.PCI, 1).model()).isEqualTo(Model.PCIE_ROOT_PORT);
    }

    @Test
    void busesTheMachineLacksAreRefused() {
        assertThatThrownBy(() -> AddressAssigner.assign(parse("q35", "<disk type='file'><source file='/a'/>"
                + "<target dev='hda' bus='ide'/></disk>")))
                .hasMessage("The disk 'hda' uses the ide bus, which a q35 machine does not have; use sata.");
        assertThatThrownBy(() -> AddressAssigner.assign(parse("pc", "<controller type='pci' index='1' "
                + "model='pcie-root-port'/>")))
                .hasMessage("The pci controller 1 (pcie-root-port) is a PCI Express controller, which needs a q35 "
                        + "machine.");
        assertThatThrownBy(() -> AddressAssigner.assign(parse("microvm", "")))
                .isInstanceOfSatisfying(AddressException.class,
                        e -> assertThat(e.kind()).isEqualTo(AddressException.Kind.UNSUPPORTED));
    }

    @Test
    void aNetworkCardOfTheE1000eKindIsPciExpressAndAnE1000IsNot() {
        DomainDef def = AddressAssigner.assign(parse("q35",
                "<interface type='user'><mac address='52:54:00:00:00:01'/><model type='e1000e'/></interface>"
                        + "<interface type='user'><mac address='52:54:00:00:00:02'/><model type='e1000'/></interface>"));
        // the e1000 needs conventional PCI: a root port (2) that the first pass reserves for a pcie-to-pci-bridge
        // (3); as libvirt, the second pass places controllers first, so the bridge takes root port 1 and the
        // e1000e the next free one
        ControllerDef bridge = controller(def, Type.PCI, 3);
        assertThat(bridge.model()).isEqualTo(Model.PCIE_TO_PCI_BRIDGE);
        assertThat(at(bridge)).isEqualTo(pci(1, 0, 0));
        assertThat(at(def.devices().interfaces().get(0))).isEqualTo(pci(2, 0, 0));
        assertThat(at(def.devices().interfaces().get(1))).isEqualTo(pci(3, 1, 0));
    }
}
