package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parts of libvirt's format that QEMU guests carry along: the running domain's id, {@code <idmap>},
 * {@code dumpCore}, virtio options of inputs and video, user aliases of controllers and video, a
 * video's ACPI index and the unassigned address of a PCI host device. Each is kept (or dropped) as
 * libvirt keeps it, and formatted back in libvirt's order.
 */
class LibvirtExtrasXmlTest {

    private static final String HEAD = "<name>x</name><memory unit='KiB'>65536</memory><os><type>hvm</type></os>";

    private static DomainDef parse(String body) {
        return DomainXml.parse("<domain type='kvm'>" + HEAD + body + "</domain>", new Random(1));
    }

    private static DomainDef devices(String xml) {
        return parse("<devices>" + xml + "</devices>");
    }

    private static String format(DomainDef def) {
        return DomainXml.format(def, Secrets.INCLUDE);
    }

    @Test
    void theIdOfARunningDomainIsAcceptedAndNotKept() {
        DomainDef def = DomainXml.parse("<domain type='kvm' id='42'>" + HEAD + "</domain>", new Random(1));
        assertThat(format(def)).startsWith("<domain type='kvm'>").doesNotContain("id=");
    }

    @Test
    void anIdMapIsKeptSortedAndWrittenAfterOs() {
        DomainDef def = parse("<idmap><gid start='0' target='1000' count='10'/>"
                + "<uid start='100' target='2000' count='5'/><uid start='0' target='1000' count='10'/></idmap>");
        assertThat(def.idmap().uids()).extracting(IdMapDef.Entry::start).containsExactly(0L, 100L);
        assertThat(def.idmap().gids()).containsExactly(new IdMapDef.Entry(0, 1000, 10));
        String xml = format(def);
        assertThat(xml).contains("</os>\n  <idmap>\n    <uid start='0' target='1000' count='10'/>\n"
                + "    <uid start='100' target='2000' count='5'/>\n    <gid start='0' target='1000' count='10'/>\n"
                + "  </idmap>\n");
        assertThat(DomainXml.parse(xml, new Random(2)).idmap()).isEqualTo(def.idmap());
    }

    @Test
    void anIdMapRangeNeedsAllThreeNumbers() {
        assertThatThrownBy(() -> parse("<idmap><uid start='0' target='1000'/></idmap>"))
                .isInstanceOf(ConfException.class).hasMessageContaining("count");
    }

    @Test
    void dumpCoreIsKeptOnMemory() {
        DomainDef on = DomainXml.parse("<domain type='kvm'><name>x</name><memory unit='KiB' dumpCore='on'>65536"
                + "</memory><os><type>hvm</type></os></domain>", new Random(1));
        assertThat(on.dumpCore()).isTrue();
        assertThat(format(on)).contains("<memory unit='KiB' dumpCore='on'>65536</memory>");
        assertThat(parse("").dumpCore()).isNull();
    }

    @Test
    void virtioInputsKeepTheirTransportOptionsBeforeTheSource() {
        DomainDef def = devices("<input type='passthrough' bus='virtio'><driver iommu='on' ats='off' packed='on' "
                + "page_per_vq='on'/><source evdev='/dev/input/event1'/></input>");
        InputDef in = def.devices().inputs().getFirst();
        assertThat(in.options()).isEqualTo(new VirtioOptions(true, false, true, true));
        assertThat(format(def)).contains("<input type='passthrough' bus='virtio'>\n"
                + "      <driver iommu='on' ats='off' packed='on' page_per_vq='on'/>\n"
                + "      <source evdev='/dev/input/event1'/>\n");
    }

    @Test
    void onlyVirtioInputsTakeTransportOptions() {
        assertThatThrownBy(() -> devices("<input type='tablet' bus='usb'><driver iommu='on'/></input>"))
                .isInstanceOf(ConfException.class).hasMessageContaining("apply only to virtio inputs");
    }

    @Test
    void videoKeepsOptionsAliasAndAcpiIndexInLibvirtsOrder() {
        DomainDef def = devices("<video><driver name='qemu' packed='on' iommu='on'/><model type='virtio' heads='1' "
                + "primary='yes'/><acpi index='7'/><alias name='ua-gpu'/></video>");
        VideoDef v = def.devices().videos().getFirst();
        assertThat(v.options()).isEqualTo(new VirtioOptions(true, null, true, null));
        assertThat(v.alias()).isEqualTo("ua-gpu");
        assertThat(v.acpiIndex()).isEqualTo(7);
        assertThat(format(def)).contains("<video>\n      <driver iommu='on' packed='on' name='qemu'/>\n"
                + "      <model type='virtio' heads='1' primary='yes'/>\n      <alias name='ua-gpu'/>\n"
                + "      <acpi index='7'/>\n    </video>");
    }

    @Test
    void aSecondaryAdapterKeepsPrimaryNo() {
        DomainDef def = devices("<video><model type='vga' primary='no'/></video><video><model type='virtio' "
                + "primary='no'/></video>");
        // the first adapter becomes the primary one, as in libvirt; the other keeps what it said
        assertThat(def.devices().videos()).extracting(VideoDef::primary).containsExactly(true, false);
        assertThat(format(def)).contains("<model type='virtio' heads='1' primary='no'/>");
    }

    @Test
    void aVideoOfNoModelKeepsItsAlias() {
        DomainDef def = devices("<video><model type='none'/><alias name='ua-none'/></video>");
        assertThat(format(def)).contains("<video>\n      <model type='none'/>\n      <alias name='ua-none'/>\n");
    }

    @Test
    void onlyVirtioVideoTakesTransportOptions() {
        assertThatThrownBy(() -> devices("<video><driver ats='on'/><model type='vga'/></video>"))
                .isInstanceOf(ConfException.class).hasMessageContaining("remove them from the vga video device");
    }

    @Test
    void controllersKeepUserAliasesAndDropLibvirtsOwn() {
        DomainDef def = devices("<controller type='usb' index='0' model='ich9-ehci1'><alias name='ua-usb'/>"
                + "</controller><controller type='usb' index='0' model='ich9-uhci1'><alias name='ua-uhci'/>"
                + "<master startport='0'/></controller><controller type='virtio-serial' index='0'>"
                + "<alias name='virtio-serial0'/></controller>");
        assertThat(def.devices().controllers()).extracting(ControllerDef::alias)
                .containsExactly("ua-usb", "ua-uhci", null);
        assertThat(format(def)).contains("<controller type='usb' index='0' model='ich9-uhci1'>\n"
                + "      <alias name='ua-uhci'/>\n      <master startport='0'/>\n");
    }

    @Test
    void aUserAliasMustBeWellFormed() {
        assertThatThrownBy(() -> devices("<controller type='scsi' index='0'><alias name='ua-a b'/></controller>"))
                .isInstanceOf(ConfException.class).hasMessageContaining("a user alias is 'ua-' followed by");
    }

    @Test
    void anAliasNamesOneDevice() {
        assertThatThrownBy(() -> devices("<controller type='scsi' index='0'><alias name='ua-x'/></controller>"
                + "<video><model type='vga'/><alias name='ua-x'/></video>"))
                .isInstanceOf(ConfException.class).hasMessageContaining("More than one device has the alias 'ua-x'");
    }

    @Test
    void aPciHostDeviceMayBeUnassigned() {
        DomainDef def = devices("<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0005' "
                + "bus='0x90' slot='0x01' function='0x1'/></source><address type='unassigned'/></hostdev>");
        assertThat(def.devices().hostdevs().getFirst().address()).isEqualTo(new Address.Unassigned());
        assertThat(format(def)).contains("<address type='unassigned'/>");
    }

    @Test
    void onlyPciHostDevicesMayBeUnassigned() {
        assertThatThrownBy(() -> devices("<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/>"
                + "<product id='0xbeef'/></source><address type='unassigned'/></hostdev>"))
                .isInstanceOf(ConfException.class).hasMessageContaining("accepts only a usb address");
        assertThatThrownBy(() -> devices("<watchdog model='i6300esb'><address type='unassigned'/></watchdog>"))
                .isInstanceOf(ConfException.class).hasMessageContaining("only on the PCI bus");
    }

    @Test
    void aDiskLabelThatOnlyRecordsASkippedRelabelIsDroppedAndARealOneKept() {
        DomainDef def = devices("<disk type='block' device='disk'><source dev='/dev/vg/a'>"
                + "<seclabel model='selinux' labelskip='yes'/></source><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='block' device='disk'><source dev='/dev/vg/b'>"
                + "<seclabel model='dac' relabel='no'/></source><target dev='vdb' bus='virtio'/></disk>");
        String xml = format(def);
        assertThat(xml).doesNotContain("labelskip").doesNotContain("selinux")
                .contains("<seclabel model='dac' relabel='no'/>");
    }

    @Test
    void aBlockJobMirrorIsNotKeptInADefinition() {
        DomainDef def = devices("<disk type='file' device='disk'><source file='/a.qcow2'/>"
                + "<mirror type='file' file='/copy.qcow2' format='qcow2' job='copy'><format type='qcow2'/>"
                + "<source file='/copy.qcow2'/></mirror><target dev='vda' bus='virtio'/></disk>");
        assertThat(format(def)).doesNotContain("mirror").doesNotContain("copy.qcow2").contains("/a.qcow2");
    }
}
