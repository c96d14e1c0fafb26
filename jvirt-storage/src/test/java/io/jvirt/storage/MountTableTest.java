package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.storage.FsFormat;
import io.jvirt.storage.internal.FsCommands;
import io.jvirt.storage.internal.MountTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the fs backend: mountinfo parsing and the command lines. */
class MountTableTest {

    private static final String MOUNTINFO = """
            22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
            35 22 0:31 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
            61 22 7:3 / /srv/pool\\040one rw,nosuid,nodev,noexec,relatime shared:30 - xfs /dev/loop3 rw,attr2
            62 22 0:45 / /srv/btr rw,relatime shared:31 master:2 - btrfs /dev/loop4 rw,space_cache=v2
            """;

    @Test
    void parsesMountinfo() {
        MountTable t = MountTable.parse(MOUNTINFO);
        assertThat(t.mounts()).hasSize(4);
        MountTable.Mount m = t.at("/srv/pool one").orElseThrow();
        assertThat(m).isEqualTo(new MountTable.Mount("7:3", "/srv/pool one", "xfs", "/dev/loop3"));
        assertThat(t.at("/srv/btr").orElseThrow().fsType()).isEqualTo("btrfs");
        assertThat(t.at("/srv")).isEmpty();
        assertThat(t.ofDevice("/dev/loop3", null)).containsExactly(m);
        assertThat(t.ofDevice("/dev/other", "7:3")).containsExactly(m);
        assertThat(t.ofDevice("/dev/loop9", "7:9")).isEmpty();
    }

    @Test
    void commandLines() {
        assertThat(FsCommands.mkfs(FsFormat.EXT4, "/dev/sdb")).isEqualTo(List.of("mkfs.ext4", "-q", "-F", "/dev/sdb"));
        assertThat(FsCommands.mkfs(FsFormat.XFS, "/dev/sdb")).isEqualTo(List.of("mkfs.xfs", "-q", "-f", "/dev/sdb"));
        assertThat(FsCommands.mkfs(FsFormat.BTRFS, "/dev/sdb")).isEqualTo(List.of("mkfs.btrfs", "-q", "-f", "/dev/sdb"));
        assertThat(FsCommands.mount(FsFormat.XFS, "/dev/sdb", "/srv/p")).isEqualTo(
                List.of("mount", "-t", "xfs", "-o", "nodev,nosuid,noexec", "/dev/sdb", "/srv/p"));
        assertThat(FsCommands.mount(FsFormat.AUTO, "/dev/sdb", "/srv/p")).isEqualTo(
                List.of("mount", "-o", "nodev,nosuid,noexec", "/dev/sdb", "/srv/p"));
        assertThat(FsCommands.probe("/dev/sdb")).isEqualTo(List.of("blkid", "-p", "-o", "value", "-s", "TYPE",
                "/dev/sdb"));
        assertThat(FsCommands.umount("/srv/p")).isEqualTo(List.of("umount", "/srv/p"));
    }
}
