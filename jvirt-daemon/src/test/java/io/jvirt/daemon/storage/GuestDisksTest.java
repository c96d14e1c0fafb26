package io.jvirt.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a domain's disks lock: every local image, each layer of a backing chain the definition
 * gives for reading, a directory disk for reading, and nothing for network, NVMe and vhost-user
 * disks; startupPolicy drops a missing medium.
 */
class GuestDisksTest {

    @TempDir
    Path tmp;

    private static DomainDef def(String devices) {
        return DomainXml.parse("<domain type='kvm'><name>vm</name><memory unit='MiB'>64</memory>"
                + "<os><type>hvm</type></os><devices>" + devices + "</devices></domain>");
    }

    @Test
    void localImagesAndGivenChainsAreLockedNetworkDisksAreNot() throws Exception {
        DomainDef def = def("""
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/img/top.qcow2'/>
                  <backingStore type='file'><format type='qcow2'/><source file='/img/mid.qcow2'/>
                    <backingStore type='block'><format type='raw'/><source dev='/dev/vg/base'/>
                      <backingStore/></backingStore></backingStore>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <disk type='dir' device='disk'>
                  <source dir='/srv/files'/><target dev='vdb' bus='virtio'/><readonly/>
                </disk>
                <disk type='network' device='disk'>
                  <source protocol='nbd'><host name='nbd.example.org'/></source><target dev='vdc' bus='virtio'/>
                </disk>
                <disk type='vhostuser' device='disk'>
                  <source type='unix' path='/run/vu.sock'/><target dev='vdd' bus='virtio'/>
                </disk>""");
        List<DiskLocks.Request> r = GuestDisks.requests(def);
        assertThat(r).containsExactly(
                new DiskLocks.Request(Path.of("/img/top.qcow2"), DiskLocks.Mode.WRITE, "vda", false),
                new DiskLocks.Request(Path.of("/img/mid.qcow2"), DiskLocks.Mode.READ, "vda", true),
                new DiskLocks.Request(Path.of("/dev/vg/base"), DiskLocks.Mode.READ, "vda", true),
                new DiskLocks.Request(Path.of("/srv/files"), DiskLocks.Mode.READ, "vdb", false));
    }

    @Test
    void aMissingOptionalMediumIsDroppedAndAPresentOneKept() throws Exception {
        Path iso = Files.createFile(tmp.resolve("present.iso"));
        DomainDef def = def("""
                <disk type='file' device='cdrom'>
                  <source file='%s' startupPolicy='optional'/><target dev='sda' bus='sata'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <source file='%s' startupPolicy='requisite'/><target dev='sdb' bus='sata'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='%s' startupPolicy='optional'/><target dev='vda' bus='virtio'/>
                </disk>""".formatted(iso, tmp.resolve("gone.iso"), tmp.resolve("gone.img")));
        List<DiskDef> disks = def.devices().disks();
        assertThat(GuestDisks.applyStartupPolicy("vm", disks.get(0))).isSameAs(disks.get(0));
        assertThat(GuestDisks.applyStartupPolicy("vm", disks.get(1)).isEmpty()).isTrue();
        assertThat(GuestDisks.applyStartupPolicy("vm", disks.get(2))).isNull();
    }
}
