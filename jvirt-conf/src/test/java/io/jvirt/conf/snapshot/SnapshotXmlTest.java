package io.jvirt.conf.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotXmlTest {

    static final String DOMAIN = """
            <domain type='qemu'>
              <name>web</name>
              <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
              <memory unit='KiB'>262144</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/var/lib/jvirt/images/web.qcow2'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <graphics type='vnc' port='-1' autoport='yes' passwd='s3cret'/>
              </devices>
            </domain>
            """;

    @Test
    void createInputKeepsWhatTheUserGave() {
        SnapshotDef s = SnapshotXml.parse("""
                <domainsnapshot>
                  <name>before-upgrade</name>
                  <description>the base system</description>
                  <memory snapshot='external' file='/var/lib/jvirt/snap/web.mem'/>
                  <disks>
                    <disk name='vda'>
                      <source file='/var/lib/jvirt/images/web.before-upgrade'/>
                    </disk>
                    <disk name='vdb' snapshot='no'/>
                  </disks>
                </domainsnapshot>
                """);
        assertThat(s.name()).isEqualTo("before-upgrade");
        assertThat(s.description()).isEqualTo("the base system");
        assertThat(s.state()).isNull();
        assertThat(s.memory()).isEqualTo(new SnapshotMemory(SnapshotLocation.EXTERNAL, "/var/lib/jvirt/snap/web.mem"));
        // a source makes the disk external, of type file
        assertThat(s.disks()).containsExactly(
                new SnapshotDiskDef("vda", SnapshotLocation.EXTERNAL, SnapshotDiskDef.SourceType.FILE,
                        "/var/lib/jvirt/images/web.before-upgrade", null, null),
                SnapshotDiskDef.of("vdb", SnapshotLocation.NO));
        assertThat(s.external()).isTrue();
        assertThat(SnapshotXml.format(s, Secrets.INCLUDE)).isEqualTo("""
                <domainsnapshot>
                  <name>before-upgrade</name>
                  <description>the base system</description>
                  <memory snapshot='external' file='/var/lib/jvirt/snap/web.mem'/>
                  <disks>
                    <disk name='vda' snapshot='external' type='file'>
                      <source file='/var/lib/jvirt/images/web.before-upgrade'/>
                    </disk>
                    <disk name='vdb' snapshot='no'/>
                  </disks>
                </domainsnapshot>
                """);
    }

    @Test
    void storedFileRoundTripsWithItsDomainsCookieAndCurrentMark() {
        String stored = """
                <domainsnapshot>
                  <name>s1</name>
                  <state>running</state>
                  <parent>
                    <name>s0</name>
                  </parent>
                  <creationTime>1796532146</creationTime>
                  <memory snapshot='internal'/>
                  <disks>
                    <disk name='vda' snapshot='internal'/>
                  </disks>
                %s%s  <cookie>
                    <cpu mode='custom' match='exact' check='full'>
                      <model fallback='forbid'>qemu64</model>
                    </cpu>
                  </cookie>
                  <active>1</active>
                </domainsnapshot>
                """.formatted(indent(DOMAIN), indent(DOMAIN.replace("<domain", "<inactiveDomain")
                .replace("</domain>", "</inactiveDomain>")));
        SnapshotDef s = SnapshotXml.parse(stored);
        assertThat(s.current()).isTrue();
        assertThat(s.parent()).isEqualTo("s0");
        assertThat(s.state()).isEqualTo(SnapshotState.RUNNING);
        assertThat(s.domain().name()).isEqualTo("web");
        assertThat(s.inactiveDomain().name()).isEqualTo("web");
        assertThat(s.cookie()).contains("<model fallback='forbid'>qemu64</model>");
        String again = SnapshotXml.formatStored(s);
        assertThat(SnapshotXml.parse(again)).isEqualTo(s);
        assertThat(SnapshotXml.formatStored(SnapshotXml.parse(again))).isEqualTo(again);
        assertThat(again).contains("  <active>1</active>\n").contains("  <inactiveDomain type='qemu'>\n")
                .contains("  </inactiveDomain>\n");
        // users never see the current mark, and see secrets only when they ask
        assertThat(SnapshotXml.format(s, Secrets.OMIT)).doesNotContain("<active>").doesNotContain("s3cret");
        assertThat(SnapshotXml.format(s, Secrets.INCLUDE)).contains("passwd='s3cret'");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> SnapshotXml.parse("""
                <domainsnapshot>
                  <name>bad</name>
                  <state>sleeping</state>
                  <memory snapshot='internal' file='/tmp/m'/>
                  <disks>
                    <disk name='vda' snapshot='sideways'/>
                    <disk snapshot='no'/>
                    <disk name='vdb'><source file='relative/path'/></disk>
                  </disks>
                  <colour>blue</colour>
                </domainsnapshot>
                """))
                .isInstanceOfSatisfying(ConfException.class, e -> assertThat(e.problems()).hasSize(6))
                .hasMessageContaining("domain snapshot XML has 6 problems")
                .hasMessageContaining("line 3: The snapshot state 'sleeping' is not valid")
                .hasMessageContaining("line 4: The memory file '/tmp/m' needs snapshot='external'")
                .hasMessageContaining("line 6: <disk> attribute 'snapshot' has the invalid value 'sideways'")
                .hasMessageContaining("line 7: <disk> is missing the required attribute 'name'")
                .hasMessageContaining("line 8: The snapshot image path 'relative/path' of disk 'vdb' must be absolute")
                .hasMessageContaining("line 10:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "<domainsnapshot><memory snapshot='external'/></domainsnapshot>"
                    + "|An external memory snapshot needs a file",
            "<domainsnapshot><memory snapshot='manual'/></domainsnapshot>|cannot be snapshotted 'manual'ly",
            "<domainsnapshot><memory file='mem'/></domainsnapshot>|must be an absolute path",
            "<domainsnapshot><state>shutoff</state><memory snapshot='internal'/></domainsnapshot>"
                    + "|cannot be saved with an offline or disk-only snapshot",
            "<domainsnapshot><disks><disk name='vda' type='network'/></disks></domainsnapshot>"
                    + "|cannot put the snapshot of disk 'vda' on network storage yet",
            "<domainsnapshot><disks><disk name='vda'><driver type='ext4'/></disk></disks></domainsnapshot>"
                    + "|driver type 'ext4' of disk 'vda' is not a disk image format",
            "<domainsnapshot><active>yes</active></domainsnapshot>|<active> must be 0 or 1",
            "<domainsnapshot><parent/></domainsnapshot>|<parent> must name the parent snapshot",
            "<domainsnapshot><creationTime>soon</creationTime></domainsnapshot>|<creationTime> has the invalid value",
            "<snapshot/>|a snapshot must start with <domainsnapshot>",
            "<domainsnapshot><domain type='qemu'><name>x</name></domain></domainsnapshot>|<os>",
    })
    void refuses(String xml, String message) {
        assertThatThrownBy(() -> SnapshotXml.parse(xml)).isInstanceOf(ConfException.class).hasMessageContaining(message)
                .hasMessageContaining("domain snapshot XML");
    }

    @Test
    void anOldSnapshotMayCarryOnlyTheDomainsUuid() {
        SnapshotDef s = SnapshotXml.parse("<domainsnapshot><name>old</name><state>shutoff</state>"
                + "<creationTime>5</creationTime><domain><uuid>9d37b878-a7cc-9f9a-b78f-49b3abad25a8</uuid></domain>"
                + "</domainsnapshot>");
        assertThat(s.owner().toString()).isEqualTo("9d37b878-a7cc-9f9a-b78f-49b3abad25a8");
        assertThat(SnapshotXml.format(s, Secrets.OMIT)).contains("""
                  <domain>
                    <uuid>9d37b878-a7cc-9f9a-b78f-49b3abad25a8</uuid>
                  </domain>
                """);
    }

    private static String indent(String xml) {
        StringBuilder sb = new StringBuilder();
        for (String line : xml.strip().split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
        return sb.toString();
    }
}
