package io.jvirt.network.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.network.NetworkException;
import io.jvirt.network.render.DnsmasqFiles;
import io.jvirt.network.render.DnsmasqUser;
import io.jvirt.sys.Command;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hosts directory is made for dnsmasq's user alone, under a private (0700) parent: the
 * checks read the files as that user and as another unprivileged user through {@code setpriv},
 * as dnsmasq itself does after dropping its privileges.
 */
class DnsmasqDirsTest {
    @TempDir
    Path root;

    @Test
    void dnsmasqsUserReadsTheHostsFilesAndNoOtherUserDoes() throws Exception {
        Path privateDir = Files.createDirectory(root.resolve("state"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DnsmasqFiles files = new DnsmasqFiles(privateDir, root.resolve("run/dnsmasq/d1/net"), root);
        DnsmasqUser user = DnsmasqDirs.user();
        assertThat(user.user()).isEqualTo("nobody");

        DnsmasqDirs.prepare(files, user);
        DnsmasqDirs.write(files.dhcpHosts(), "52:54:00:00:00:01,10.0.0.5,fixed\n", user);

        assertThat(mode(root)).as("made traversable, not readable").isEqualTo("rwx-----x");
        assertThat(mode(root.resolve("run"))).isEqualTo("rwx--x--x");
        assertThat(mode(root.resolve("run/dnsmasq"))).isEqualTo("rwx--x--x");
        assertThat(mode(root.resolve("run/dnsmasq/d1"))).isEqualTo("rwx--x--x");
        assertThat(mode(files.hostsDir())).isEqualTo("rwxr-x---");
        assertThat(mode(files.dhcpHosts())).isEqualTo("rw-r-----");
        assertThat(Files.getAttribute(files.dhcpHosts(), "posix:group").toString()).isEqualTo(user.group());
        assertThat(Files.getOwner(files.dhcpHosts()).getName()).isEqualTo("root");
        try (var s = Files.list(files.hostsDir())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("dhcp-hosts");
        }

        assertThat(readAs("nobody", user.group(), files.dhcpHosts()).stdout()).contains("10.0.0.5");
        assertThat(readAs("daemon", "daemon", files.dhcpHosts()).ok()).as("another user").isFalse();
        assertThat(readAs("nobody", user.group(), privateDir.resolve("x")).stderr()).contains("Permission denied");
        // dnsmasq's user may read but not change them
        Command.Result write = Command.run(List.of("setpriv", "--reuid=nobody", "--regid=" + user.group(),
                "--clear-groups", "sh", "-c", "echo x >> " + files.dhcpHosts()));
        assertThat(write.ok()).isFalse();

        DnsmasqDirs.remove(files.hostsDir());
        assertThat(files.hostsDir()).doesNotExist();
        assertThat(root.resolve("run/dnsmasq/d1")).as("the daemon's directory goes with its last network").doesNotExist();
    }

    @Test
    void aDirectoryOnThePathOwnedByAnotherUserIsRefused() throws Exception {
        Path theirs = Files.createDirectories(root.resolve("run/dnsmasq"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(theirs, "unix:uid", 1);
        DnsmasqFiles files = new DnsmasqFiles(root, theirs.resolve("d1/net"), root);
        assertThatThrownBy(() -> DnsmasqDirs.prepare(files, DnsmasqDirs.user()))
                .isInstanceOf(NetworkException.class).hasMessageContaining("belongs to uid 1");
        assertThat(theirs.resolve("d1")).doesNotExist();
    }

    @Test
    void aPreparedDirectoryStartsEmptyAndAnOlderLayoutKeepsItsReadableFiles() throws Exception {
        DnsmasqFiles files = new DnsmasqFiles(root, root.resolve("run/d/net"), root);
        DnsmasqDirs.prepare(files, DnsmasqDirs.user());
        Files.writeString(files.hostsDir().resolve("stale"), "x");
        DnsmasqDirs.prepare(files, DnsmasqDirs.user());
        try (var s = Files.list(files.hostsDir())) {
            assertThat(s.toList()).isEmpty();
        }
        DnsmasqFiles old = DnsmasqFiles.inOneDirectory(root);
        DnsmasqDirs.write(old.dnsHosts(), "10.0.0.9 db\n", null);
        assertThat(mode(old.dnsHosts())).isEqualTo("rw-r--r--");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static Command.Result readAs(String user, String group, Path file) {
        return Command.run(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--clear-groups", "cat",
                file.toString()));
    }
}
