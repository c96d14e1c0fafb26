package io.jvirt.daemon.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.BlockInfo;
import io.jvirt.api.DomainState;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** domblkinfo's meanings as libvirt's qemuDomainGetBlockInfo has them; the state numbers; the filters. */
class BlockViewsTest {
    private static DiskDef disk(String format) {
        DomainDef def = DomainXml.parse("<domain type='qemu'><name>d</name><memory>65536</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<driver name='qemu' type='" + format + "'/><source file='/d/x'/><target dev='vda' bus='virtio'/>"
                + "</disk></devices></domain>");
        return def.devices().disks().getFirst();
    }

    @Test
    void aQcow2ImageAsRealVirshShowsIt() {
        // recorded from virsh domblkinfo against libvirt 9.0: Capacity 1073741824, Allocation 204800, Physical 196624
        BlockInfo b = BlockViews.info(disk("qcow2"), new BlockImageSize("vda-fmt", "q", "/d/x", "qcow2",
                1073741824L, 204800L), new BlockIoStats("vda-fmt", "q", 0, 0, 0, 0, 0, 0, 0, 0, 0L),
                OptionalLong.of(196624));
        assertThat(b).isEqualTo(new BlockInfo("vda", 1073741824L, 204800L, 196624L));
    }

    @Test
    void aWrittenRawImageReportsTheHighestWrittenOffset() {
        BlockInfo b = BlockViews.info(disk("raw"), new BlockImageSize("vda-fmt", "q", "/d/x", "raw", 1 << 30,
                4096L * 1024), new BlockIoStats("vda-fmt", "q", 0, 0, 0, 0, 0, 0, 0, 0, 65536L), OptionalLong.of(1 << 30));
        assertThat(b).isEqualTo(new BlockInfo("vda", 1 << 30, 65536L, 4096L * 1024));
    }

    @Test
    void aDiskIsFoundByItsDeviceAlsoWhenASnapshotPutAnotherNodeOnTop() {
        DomainDef def = DomainXml.parse("<domain type='qemu'><name>d</name><memory>65536</memory>"
                + "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><source file='/d/o.qcow2'/><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>"
                + "</devices></domain>");
        def = AddressAssigner.assign(def); // as jvirtd defines it
        DiskDef vda = def.devices().disks().get(0);
        DiskDef sda = def.devices().disks().get(1);
        // what QEMU 7.2's query-block says of these devices (recorded), after an external snapshot
        BlockImageSize top = new BlockImageSize("snap-e1-vda-fmt", "/machine/peripheral/virtio-disk0/virtio-backend",
                "/d/o.qcow2", "qcow2", 1 << 30, 200_704L);
        assertThat(BlockViews.size(List.of(top), def, vda)).contains(top);
        assertThat(BlockViews.size(List.of(top), def, sda)).isEmpty();
        BlockIoStats cd = new BlockIoStats(null, "sata0-0-0", 0, 0, 0, 0, 0, 0, 0, 0, null);
        assertThat(BlockViews.stats(List.of(cd), def, sda)).contains(cd);
        assertThat(BlockViews.stats(List.of(cd), def, vda)).isEmpty();
        BlockIoStats unnamed = new BlockIoStats("vda-fmt", null, 0, 0, 0, 0, 0, 0, 0, 0, null);
        assertThat(BlockViews.stats(List.of(unnamed), def, vda)).as("no qdev: by jvirt's node name")
                .contains(unnamed);
    }

    @Test
    void statesAndReasonsAreLibvirtsNumbers() {
        assertThat(StateCodes.state(DomainState.RUNNING)).isEqualTo(1);
        assertThat(StateCodes.reason(DomainState.RUNNING, "unpaused")).isEqualTo(5);
        assertThat(StateCodes.reason(DomainState.PAUSED, "user")).isEqualTo(1);
        assertThat(StateCodes.state(DomainState.SHUTOFF)).isEqualTo(5);
        assertThat(StateCodes.reason(DomainState.SHUTOFF, "destroyed")).isEqualTo(2);
        assertThat(StateCodes.reason(DomainState.SHUTOFF, "failed")).isEqualTo(6);
    }

    @Test
    void filtersCombineAsLibvirtsDo() {
        StatsFilter runningPersistent = new StatsFilter(false, false, true, false, true, false, false, false);
        assertThat(runningPersistent.keeps(true, true, DomainState.RUNNING)).isTrue();
        assertThat(runningPersistent.keeps(true, false, DomainState.RUNNING)).isFalse();
        assertThat(runningPersistent.keeps(true, true, DomainState.PAUSED)).isFalse();
        assertThat(StatsFilter.NONE.keeps(false, true, DomainState.SHUTOFF)).isTrue();
        StatsFilter inactive = new StatsFilter(false, true, false, false, false, false, false, false);
        assertThat(inactive.keeps(true, true, DomainState.RUNNING)).isFalse();
    }
}
