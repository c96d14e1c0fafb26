package io.jvirt.cli.snapshot;

import io.jvirt.api.SnapshotInfo;
import io.jvirt.client.JvirtClientException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotSpecsTest {
    @Test
    void createAsBuildsVirshsDocument() {
        String xml = SnapshotSpecs.xml("s1", "a <b>", "/var/m.img,snapshot=external",
                List.of("vda,snapshot=external,driver=qcow2,file=/img/o,,1.qcow2", "vdb,snapshot=no"));
        assertThat(xml).isEqualTo("""
                <domainsnapshot>
                  <name>s1</name>
                  <description>a &lt;b&gt;</description>
                  <memory snapshot='external' file='/var/m.img'/>
                  <disks>
                    <disk name='vda' snapshot='external'>
                      <driver type='qcow2'/>
                      <source file='/img/o,1.qcow2'/>
                    </disk>
                    <disk name='vdb' snapshot='no'/>
                  </disks>
                </domainsnapshot>
                """);
    }

    @Test
    void blockTargetsUseDev() {
        assertThat(SnapshotSpecs.disk("sda,stype=block,file=/dev/vg/x")).isEqualTo("""
                <disk name='sda' type='block'>
                  <source dev='/dev/vg/x'/>
                </disk>
                """);
    }

    @Test
    void badSpecsAreRefusedWithTheirForm() {
        assertThatThrownBy(() -> SnapshotSpecs.memory("snapshot=external,bogus=1"))
                .isInstanceOf(JvirtClientException.class)
                .hasMessage("unable to parse memspec: snapshot=external,bogus=1; give [file=]/path[,snapshot=external|"
                        + "internal|no].");
        assertThatThrownBy(() -> SnapshotSpecs.disk("vda,stype=net"))
                .hasMessage("Unknown storage type: 'net'; give stype=file or stype=block.");
        assertThatThrownBy(() -> SnapshotSpecs.disk(",file=/x")).hasMessageStartingWith("unable to parse diskspec");
    }

    private static SnapshotInfo s(String name, String parent) {
        return new SnapshotInfo(name, "d", false, "running", "internal", parent, 0, 0, true, 0, null);
    }

    @Test
    void treeIsDrawnAsVirshDrawsIt() {
        // as vshTreePrint: '|' under a parent with later siblings, a padded blank line after each last leaf
        assertThat(SnapshotTreeText.render(List.of(s("s1", null), s("s2", "s1"), s("s4", "s2"), s("s3", "s1"))))
                .isEqualTo("s1\n  |\n  +- s2\n  |   |\n  |   +- s4\n  |     \n  +- s3\n    \n");
        assertThat(SnapshotTreeText.render(List.of(s("a", null), s("b", null)))).isEqualTo("a\n\nb\n\n");
    }
}
