package io.jvirt.it;

import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the ext4 root-disk guest from a qcow2 overlay that jvirt img created on top of the
 * raw base image: QEMU must read jvirt's qcow2, and the guest writes through it.
 */
class DiskBootIT extends DaemonTest {
    @Test
    void bootsFromAQcow2OverlayMadeByJvirtImg() throws Exception {
        Path base = tmp.resolve("base.raw");
        Files.copy(TestGuest.dir().resolve("root.ext4"), base);
        Path overlay = tmp.resolve("overlay.qcow2");
        Cli.Result img = Cli.run(sock, "img", "create", "-f", "qcow2", "-b", base.toString(), "-F", "raw",
                overlay.toString());
        assertThat(img.exit()).as(img.err()).isZero();

        String xml = TestGuest.xml("disk1", """
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2' cache='none' discard='unmap'/>
                  <source file='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>""".formatted(overlay)).replace("console=ttyS0 panic=-1 quiet",
                "console=ttyS0 panic=-1 quiet root=/dev/vda");
        Path f = tmp.resolve("disk1.xml");
        Files.writeString(f, xml);
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "start", "disk1");
        assertThat(start.exit()).as(start.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            String log = waitForConsole(c, "disk1", "JVIRT-GUEST-READY root=vda");
            assertThat(log).contains("JVIRT-GUEST-READY root=vda");
        }
        // the guest mounted the disk read-write through the overlay: the base stays untouched
        assertThat(Files.mismatch(base, TestGuest.dir().resolve("root.ext4"))).isEqualTo(-1L);
        assertThat(Files.size(overlay)).isGreaterThan(0);
    }

    @Test
    void missingDiskImageIsRefusedBeforeQemuStarts() throws Exception {
        String xml = TestGuest.xml("disk1", """
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>""".formatted(tmp.resolve("nope.qcow2")));
        Path f = tmp.resolve("disk1.xml");
        Files.writeString(f, xml);
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "start", "disk1");
        assertThat(start.exit()).isEqualTo(1);
        assertThat(start.err()).isEqualTo("error: domain 'disk1' cannot start: disk image " + tmp.resolve("nope.qcow2")
                + " does not exist; fix the path in its definition.\n");
    }
}
