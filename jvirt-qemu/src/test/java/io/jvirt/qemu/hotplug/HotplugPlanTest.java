package io.jvirt.qemu.hotplug;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.argv.LaunchContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HotplugPlanTest {
    private static final LaunchContext CTX = new LaunchContext(Path.of("/run/jvirt/t"), Accel.TCG,
            "/usr/bin/qemu-system-x86_64");

    private static DomainDef domain(String machine, String devices) {
        return AddressAssigner.assign(DomainXml.parse("""
                <domain type='kvm'><name>t</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='%s'>hvm</type></os>
                  <devices>%s</devices>
                </domain>""".formatted(machine, devices)));
    }

    private static DomainDef with(DomainDef def, String deviceXml) {
        DeviceDef d = DomainXml.parseDevice(deviceXml);
        List<DeviceDef> all = new ArrayList<>(def.devices().all());
        all.add(d);
        return AddressAssigner.assign(def.withDevices(new Devices(def.devices().emulator(), all)));
    }

    private static final String DISK = """
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source file='/images/extra.qcow2'/>
              <target dev='vdb' bus='virtio'/>
            </disk>""";

    @Test
    void attachingADiskAddsItsNodesBottomUpThenTheDeviceAtItsAssignedSlot() {
        DomainDef before = domain("pc", "");
        DomainDef after = with(before, DISK);
        List<HotplugStep> steps = HotplugPlan.attach(before, after, CTX);

        assertThat(steps).hasSizeGreaterThanOrEqualTo(3);
        assertThat(steps.subList(0, steps.size() - 1)).allMatch(s -> s instanceof HotplugStep.AddBlockdev);
        HotplugStep.AddBlockdev file = (HotplugStep.AddBlockdev) steps.getFirst();
        assertThat(file.props()).containsEntry("driver", "file").containsEntry("filename", "/images/extra.qcow2");
        HotplugStep.AddBlockdev format = (HotplugStep.AddBlockdev) steps.get(steps.size() - 2);
        assertThat(format.props()).containsEntry("driver", "qcow2").containsEntry("file", file.id());

        HotplugStep.AddDevice dev = (HotplugStep.AddDevice) steps.getLast();
        assertThat(dev.id()).isEqualTo("virtio-disk1");
        assertThat(dev.props()).containsEntry("driver", "virtio-blk-pci").containsEntry("drive", format.id())
                .containsEntry("bus", "pci.0");
        DiskDef placed = after.devices().disks().getFirst();
        String slot = "0x" + Integer.toHexString(((Address.Pci) placed.address()).slot());
        assertThat(dev.props().get("addr").toString()).startsWith(slot);
    }

    @Test
    void detachingRemovesTheDeviceFirstThenItsNodesTopFirst() {
        DomainDef before = with(domain("pc", ""), DISK);
        DomainDef after = before.withDevices(before.devices().withDisks(List.of()));
        List<HotplugStep> steps = HotplugPlan.detach(before, after, CTX);
        List<HotplugStep> attach = HotplugPlan.attach(after, before, CTX);

        assertThat(steps.getFirst()).isEqualTo(new HotplugStep.DelDevice("virtio-disk1"));
        // exactly the undo of the attach, in reverse order
        assertThat(steps).isEqualTo(attach.reversed().stream().map(HotplugStep::undo).toList());
    }

    @Test
    void aCardGetsItsBackEndFirstAndItsAliasAsId() {
        DomainDef before = domain("pc", "");
        DomainDef after = with(before, "<interface type='user'><mac address='52:54:00:00:00:09'/>"
                + "<model type='virtio'/><alias name='ua-extra'/></interface>");
        List<HotplugStep> steps = HotplugPlan.attach(before, after, CTX);

        assertThat(steps).hasSize(2);
        assertThat(steps.get(0)).isInstanceOf(HotplugStep.AddNetdev.class);
        assertThat(steps.get(0).id()).isEqualTo("hostua-extra");
        assertThat(((HotplugStep.AddNetdev) steps.get(0)).props()).containsEntry("type", "user");
        HotplugStep.AddDevice dev = (HotplugStep.AddDevice) steps.get(1);
        assertThat(dev.id()).isEqualTo("ua-extra");
        assertThat(dev.props()).containsEntry("driver", "virtio-net-pci").containsEntry("netdev", "hostua-extra")
                .containsEntry("mac", "52:54:00:00:00:09");
    }

    @Test
    void onQ35ADeviceGoesToAFreeRootPortAndNoControllerIsAdded() {
        DomainDef before = domain("q35", "<controller type='pci' index='0' model='pcie-root'/>"
                + "<controller type='pci' index='1' model='pcie-root-port'/>"
                + "<controller type='pci' index='2' model='pcie-root-port'/>"
                + "<controller type='pci' index='3' model='pcie-root-port'/>"
                + "<controller type='pci' index='4' model='pcie-root-port'/>");
        DomainDef after = with(before, DISK);
        assertThat(after.devices().controllers()).isEqualTo(before.devices().controllers());
        HotplugStep.AddDevice dev = (HotplugStep.AddDevice) HotplugPlan.attach(before, after, CTX).getLast();
        assertThat(dev.props().get("bus").toString()).startsWith("pci.");
        assertThat(dev.props().get("bus")).isNotEqualTo("pcie.0");
    }

    @Test
    void anAttachThatWouldChangeAnExistingDeviceIsRefused() {
        DomainDef before = domain("pc", "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>");
        InterfaceDef card = before.devices().interfaces().getFirst();
        // the only card changes its MAC: not an addition
        DomainDef after = before.withDevices(before.devices().withInterfaces(List.of(
                new InterfaceDef(card.backend(), "52:54:00:00:00:02", card.model(), null, card.address()))));
        assertThatThrownBy(() -> HotplugPlan.attach(before, after, CTX)).isInstanceOf(HotplugException.class)
                .hasMessageContaining("would change devices the running guest already has")
                .extracting(e -> ((HotplugException) e).kind()).isEqualTo(HotplugException.Kind.CONFLICT);
        assertThatThrownBy(() -> HotplugPlan.detach(before, after, CTX)).isInstanceOf(HotplugException.class)
                .hasMessageContaining("would change other devices");
    }

    @Test
    void aDeviceThatNeedsACharacterDeviceIsRefusedAsUnsupported() {
        DomainDef before = domain("pc", "");
        DomainDef after = with(before, "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>"
                + "</channel>");
        assertThatThrownBy(() -> HotplugPlan.attach(before, after, CTX)).isInstanceOf(HotplugException.class)
                .extracting(e -> ((HotplugException) e).kind()).isEqualTo(HotplugException.Kind.UNSUPPORTED);
    }

    @Test
    void aMediumChangeReplacesOnlyTheDrivesOwnNodes() {
        String cdrom = """
                <disk type='file' device='cdrom'>
                  <driver name='qemu' type='raw'/>
                  %s
                  <target dev='hdc' bus='ide'/>
                  <readonly/>
                </disk>""";
        DomainDef base = domain("pc", DISK);
        DomainDef before = with(base, cdrom.formatted("<source file='/images/one.iso'/>"));
        DomainDef after = with(base, cdrom.formatted("<source file='/images/two.iso'/>"));
        DomainDef empty = with(base, cdrom.formatted(""));
        String id = HotplugPlan.deviceIds(before, CTX).stream().filter(x -> x.startsWith("ide")).findFirst()
                .orElseThrow();

        HotplugPlan.Media change = HotplugPlan.media(before, after, CTX, id);
        assertThat(change.remove()).isNotEmpty().allMatch(s -> s instanceof HotplugStep.DelBlockdev);
        assertThat(change.add()).isNotEmpty().allMatch(s -> s instanceof HotplugStep.AddBlockdev);
        assertThat(change.add()).anyMatch(s -> ((HotplugStep.AddBlockdev) s).props().containsValue("/images/two.iso"));
        assertThat(change.top()).isEqualTo(change.add().getLast().id());
        // the other disk's nodes are untouched
        assertThat(change.remove()).hasSameSizeAs(change.add());

        HotplugPlan.Media eject = HotplugPlan.media(before, empty, CTX, id);
        assertThat(eject.add()).isEmpty();
        assertThat(eject.top()).isNull();
        assertThat(eject.remove()).hasSameSizeAs(change.remove());

        HotplugPlan.Media insert = HotplugPlan.media(empty, after, CTX, id);
        assertThat(insert.remove()).isEmpty();
        assertThat(insert.add()).hasSameSizeAs(change.add());
    }
}
