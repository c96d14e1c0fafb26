package io.jvirt.it;

import static io.jvirt.it.StorageIT.ok;
import static io.jvirt.it.StorageIT.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Disk formats through a real jvirtd and QEMU: a VHDX volume is listed as vhdx and runs as vhdx
 * (the guest reads its data); a file disk that declares no format runs as raw, so one whose file
 * is a qcow2 image is refused unless raw is declared; a volume in a format jvirt cannot read is
 * not listed and a domain using it does not start.
 */
class DiskFormatsIT extends DaemonTest {

    private static final Duration CMD = Duration.ofSeconds(30);

    private void define(String name, String disk) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, TestGuest.xml(name, disk));
        ok(sock, "define", f.toString());
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    @Test
    void aVhdxVolumeRunsAsVhdxAndTheGuestReadsIt() throws Exception {
        Path images = daemon.stateDir.resolve("images");
        run("qemu-img", "create", "-q", "-f", "vhdx", images.resolve("data.vhdx").toString(), "64M");
        run("qemu-io", "-f", "vhdx", "-c", "write -P 0x5a 0 4096", images.resolve("data.vhdx").toString());
        ok(sock, "pool-refresh", "default");
        assertThat(ok(sock, "vol-dumpxml", "--pool", "default", "data.vhdx").out()).contains("<format type='vhdx'/>");
        define("v", """
                <disk type='volume' device='disk'>
                  <source pool='default' volume='data.vhdx'/>
                  <target dev='vdb' bus='virtio'/>
                </disk>""");
        ok(sock, "start", "v");
        assertThat(ok(sock, "dumpxml", "v").out()).contains("<driver name='qemu' type='vhdx'/>");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "v", TestGuest.READY);
            try (GuestShell g = new GuestShell(c, "v")) {
                // the guest names its only virtio disk vda, whatever the target says
                assertThat(g.run("cat /sys/block/vda/size", CMD).output()).contains("131072");
                assertThat(g.run("od -An -tx1 -N4 /dev/vda", CMD).output()).contains("5a 5a 5a 5a");
            }
        }
    }

    @Test
    void aFileDiskWithoutAFormatIsRefusedWhenItsFileIsAQcow2Image() throws Exception {
        Path image = tmp.resolve("disk.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "16M");
        String disk = """
                <disk type='file' device='disk'>
                  %s<source file='%s'/>
                  <target dev='vdb' bus='virtio'/>
                </disk>""";
        define("w", disk.formatted("", image));
        Cli.Result r = refused(sock, "start", "w");
        assertThat(r.err()).isEqualTo("error: domain 'w' cannot start: its disk vdb declares no format, so QEMU would"
                + " open " + image + " as raw although it is a qcow2 image; declare <driver name='qemu'"
                + " type='qcow2'/> (or type='raw' if the guest is to see the file's bytes as they are).\n");
        assertThat(ok(sock, "domstate", "w").out()).startsWith("shut off");
        try (var s = Files.list(daemon.stateDir.resolve("run"))) {
            assertThat(s.toList()).isEmpty();
        }
        define("w2", disk.formatted("<driver name='qemu' type='raw'/>", image));
        ok(sock, "start", "w2");
        ok(sock, "destroy", "w2");
        define("w3", disk.formatted("<driver name='qemu' type='qcow2'/>", image));
        ok(sock, "start", "w3");
    }

    @Test
    void aVolumeJvirtCannotReadIsNotListedAndNotStarted() throws Exception {
        Path images = daemon.stateDir.resolve("images");
        run("qemu-img", "create", "-q", "-f", "parallels", images.resolve("p.hds").toString(), "8M");
        ok(sock, "pool-refresh", "default");
        assertThat(ok(sock, "vol-list", "default").out()).doesNotContain("p.hds");
        define("x", """
                <disk type='volume' device='disk'>
                  <source pool='default' volume='p.hds'/>
                  <target dev='vdb' bus='virtio'/>
                </disk>""");
        Cli.Result r = refused(sock, "start", "x");
        assertThat(r.err()).contains("domain 'x' cannot start").contains(images.resolve("p.hds")
                + " is a Parallels image, which jvirt cannot read");
        assertThat(List.of(ok(sock, "domstate", "x").out())).allMatch(s -> s.startsWith("shut off"));
    }
}
