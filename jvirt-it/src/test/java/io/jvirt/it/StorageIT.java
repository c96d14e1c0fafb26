package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import io.jvirt.client.TransferListener;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Storage pools and volumes through a real jvirtd: a dir pool end to end with guests booting
 * from qcow2 overlays of one shared base volume, streamed uploads and downloads, names that
 * try to leave their pool, space checks, and an fs pool on a loop device.
 */
class StorageIT extends DaemonTest {

    static Cli.Result ok(Path sock, String... args) {
        Cli.Result r = Cli.run(sock, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    static Cli.Result refused(Path sock, String... args) {
        Cli.Result r = Cli.run(sock, args);
        assertThat(r.exit()).as(String.join(" ", args) + " should fail: " + r.out()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        return r;
    }

    /** A guest booting the test guest's root file system from a volume disk. */
    static String guestXml(String name, String pool, String volume, String extraDisk) throws Exception {
        return TestGuest.xml(name, """
                <disk type='volume' device='disk'>
                  <source pool='%s' volume='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                %s""".formatted(pool, volume, extraDisk))
                .replace("console=ttyS0 panic=-1 quiet", "console=ttyS0 panic=-1 quiet root=/dev/vda");
    }

    Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultPoolExistsOnFirstStart() {
        String list = ok(sock, "pool-list", "--all").out();
        assertThat(list).startsWith(" Name      State    Autostart\n").contains(" default   active   yes");
        Cli.Result info = ok(sock, "pool-info", "default");
        assertThat(info.out()).contains("State:          running\n").contains("Persistent:     yes\n")
                .contains("Autostart:      yes\n").containsPattern("Capacity:       [0-9.]+ [KMGT]iB\n");
        assertThat(ok(sock, "pool-dumpxml", "--inactive", "default").out())
                .contains("<path>" + daemon.stateDir.resolve("images") + "</path>");
        assertThat(Files.isDirectory(daemon.stateDir.resolve("images"))).isTrue();
    }

    @Test
    void dirPoolEndToEndWithGuestsBootingFromOverlaysOfOneBase() throws Exception {
        Path dir = tmp.resolve("pool-a");
        Path xml = file("pa.xml", "<pool type='dir'><name>pa</name><target><path>" + dir + "</path></target></pool>");
        assertThat(ok(sock, "pool-define", xml.toString()).out()).isEqualTo("Pool pa defined from " + xml + "\n\n");
        assertThat(ok(sock, "pool-list", "--all").out()).contains(" pa        inactive   no");
        refused(sock, "pool-start", "pa");
        assertThat(ok(sock, "pool-build", "pa").out()).isEqualTo("Pool pa built\n\n");
        assertThat(ok(sock, "pool-start", "pa").out()).isEqualTo("Pool pa started\n\n");
        assertThat(ok(sock, "pool-autostart", "pa").out()).isEqualTo("Pool pa marked as autostarted\n\n");

        // the base: the test guest's root file system, uploaded through the API into a raw volume
        Path root = TestGuest.dir().resolve("root.ext4");
        assertThat(ok(sock, "vol-create-as", "pa", "base.img", "0", "--allocation", "0").out())
                .isEqualTo("Vol base.img created\n\n");
        ok(sock, "vol-upload", "--pool", "pa", "base.img", root.toString());
        ok(sock, "vol-create-as", "pa", "vm1.qcow2", "0", "--format", "qcow2", "--backing-vol", "base.img");
        ok(sock, "vol-clone", "--pool", "pa", "base.img", "vm2.qcow2", "--overlay");
        String details = ok(sock, "vol-list", "pa", "--details").out();
        assertThat(details).startsWith(" Name        Path").contains(" base.img    " + dir.resolve("base.img") + "    file   32.00 MiB")
                .contains(" vm1.qcow2   " + dir.resolve("vm1.qcow2"));
        String info = ok(sock, "vol-info", "--pool", "pa", "vm1.qcow2").out();
        assertThat(info).startsWith("Name:           vm1.qcow2\nType:           file\nCapacity:       32.00 MiB\n")
                .contains("Format:         qcow2\n").contains("Backing:        " + dir.resolve("base.img") + "\n");
        assertThat(ok(sock, "vol-path", "--pool", "pa", "vm2.qcow2").out()).isEqualTo(dir.resolve("vm2.qcow2") + "\n\n");
        assertThat(ok(sock, "vol-key", dir.resolve("vm2.qcow2").toString()).out())
                .isEqualTo(dir.resolve("vm2.qcow2") + "\n\n");
        assertThat(ok(sock, "vol-dumpxml", "--pool", "pa", "vm2.qcow2").out()).contains("<name>vm2.qcow2</name>")
                .contains("<format type='qcow2'/>").contains("<backingStore>");

        ok(sock, "define", file("g1.xml", guestXml("g1", "pa", "vm1.qcow2", "")).toString());
        ok(sock, "define", file("g2.xml", guestXml("g2", "pa", "vm2.qcow2", "")).toString());
        ok(sock, "start", "g1");
        ok(sock, "start", "g2");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "g1", "JVIRT-GUEST-READY root=vda");
            waitForConsole(c, "g2", "JVIRT-GUEST-READY root=vda");
            // the live XML shows the format the daemon found; the file it resolved stays internal
            // (libvirt's schema has no file attribute on a volume source), but is what QEMU runs
            assertThat(c.xml("g1", false)).contains("<source pool='pa' volume='vm1.qcow2'/>")
                    .contains("type='qcow2'").doesNotContain("file='");
            assertThat(Files.readString(daemon.stateDir.resolve("run").resolve(c.info("g1").uuid()).resolve("live.xml")))
                    .contains("file='" + dir.resolve("vm1.qcow2") + "'");
            assertThat(c.xml("g1", true)).contains("<source pool='pa' volume='vm1.qcow2'/>");
            assertThat(c.volume("pa", "base.img").usedBy()).containsExactly("g1", "g2");
        }
        ok(sock, "destroy", "g1");
        ok(sock, "destroy", "g2");
        // the guests wrote through their overlays: the base is still the test guest's image
        Path back = tmp.resolve("base-back.img");
        ok(sock, "vol-download", "--pool", "pa", "base.img", back.toString());
        assertThat(Files.mismatch(back, root)).isEqualTo(-1L);
        assertThat(ok(sock, "vol-info", "--pool", "pa", "vm1.qcow2", "--bytes").out())
                .containsPattern("Allocation:     [0-9]+\n");

        // pool teardown: refused while it holds volumes, then step by step
        ok(sock, "undefine", "g1");
        ok(sock, "undefine", "g2");
        assertThat(ok(sock, "pool-destroy", "pa").out()).isEqualTo("Pool pa destroyed\n\n");
        refused(sock, "vol-list", "pa");
        assertThat(refused(sock, "pool-delete", "pa").err()).contains("'pa'");
        ok(sock, "pool-start", "pa");
        for (String v : List.of("vm1.qcow2", "vm2.qcow2", "base.img")) {
            assertThat(ok(sock, "vol-delete", "--pool", "pa", v).out()).isEqualTo("Vol " + v + " deleted\n\n");
        }
        ok(sock, "pool-destroy", "pa");
        assertThat(ok(sock, "pool-delete", "pa").out()).isEqualTo("Pool pa deleted\n\n");
        assertThat(Files.exists(dir)).isFalse();
        assertThat(ok(sock, "pool-undefine", "pa").out()).isEqualTo("Pool pa has been undefined\n\n");
        assertThat(refused(sock, "pool-info", "pa").err())
                .isEqualTo("error: Storage pool 'pa' does not exist; see 'jvirt pool-list --all'.\n");
    }

    @Test
    void oneGibSparseImageRoundTripsByteIdenticalAndFast() throws Exception {
        Path src = tmp.resolve("sparse-1g.img");
        try (RandomAccessFile f = new RandomAccessFile(src.toFile(), "rw")) {
            f.setLength(1L << 30);
            Random r = new Random(5);
            byte[] chunk = new byte[1 << 20];
            for (long at : new long[] {0, 7L << 20, 300L << 20, 512L << 20, (1L << 30) - (1 << 20)}) {
                r.nextBytes(chunk);
                f.seek(at);
                f.write(chunk);
            }
            f.seek(100L << 20);
            f.write(new byte[4 << 20]); // allocated zeroes: they travel as a hole
        }
        ok(sock, "vol-create-as", "default", "big.img", "0", "--allocation", "0");
        List<long[]> progress = new ArrayList<>();
        TransferListener record = (done, total) -> progress.add(new long[] {done, total});
        Path back = tmp.resolve("back-1g.img");
        try (JvirtClient c = daemon.client()) {
            long t0 = System.nanoTime();
            StorageVolumeInfo v = c.uploadVolume("default", "big.img", src, 0, -1, record);
            long upMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(v.capacity()).isEqualTo(1L << 30);
            assertThat(v.allocation()).isLessThan(16L << 20);
            assertThat(progress.getLast()).containsExactly(1L << 30, 1L << 30);

            t0 = System.nanoTime();
            long n = c.downloadVolume("default", "big.img", back, 0, -1, TransferListener.NONE);
            long downMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(n).isEqualTo(1L << 30);
            assertThat(Files.mismatch(src, back)).isEqualTo(-1L);
            assertThat(allocatedBytes(back)).isLessThan(16L << 20);
            // a 2-core VM moves this in well under a second each way; the bound only catches a non-sparse path
            assertThat(upMs).as("upload ms").isLessThan(10_000);
            assertThat(downMs).as("download ms").isLessThan(10_000);

            // part of a volume, at an offset, through the CLI
            Path part = tmp.resolve("part.img");
            ok(sock, "vol-download", "--pool", "default", "big.img", part.toString(), "--offset", "7M", "--length", "1M");
            byte[] expected = new byte[1 << 20];
            try (RandomAccessFile f = new RandomAccessFile(src.toFile(), "r")) {
                f.seek(7L << 20);
                f.readFully(expected);
            }
            assertThat(Files.readAllBytes(part)).isEqualTo(expected);
            // a write of part of a volume: --length keeps the rest
            ok(sock, "vol-upload", "--pool", "default", "big.img", part.toString(), "--offset", "0", "--length", "1M");
            assertThat(c.volume("default", "big.img").capacity()).isEqualTo(1L << 30);
            ok(sock, "vol-download", "--pool", "default", "big.img", back.toString(), "--length", "1M");
            assertThat(Files.readAllBytes(back)).isEqualTo(expected);
            // from offset 0 without a length, the file replaces the volume
            ok(sock, "vol-upload", "--pool", "default", "big.img", part.toString());
            assertThat(c.volume("default", "big.img").capacity()).isEqualTo(1L << 20);
        }
    }

    static long allocatedBytes(Path p) throws Exception {
        Process pr = new ProcessBuilder("stat", "-c", "%b %B", p.toString()).start();
        String[] f = new String(pr.getInputStream().readAllBytes()).strip().split(" ");
        pr.waitFor();
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    @Test
    void namesCannotEscapeTheirPool() throws Exception {
        Path images = daemon.stateDir.resolve("images");
        Path outside = tmp.resolve("outside.img");
        Files.write(outside, new byte[4096]);
        assertThat(refused(sock, "vol-create-as", "default", "../outside.img", "1M").err())
                .isEqualTo("error: The volume name '../outside.img' must not contain '/'.\n");
        assertThat(refused(sock, "vol-create-as", "default", "..", "1M").err())
                .isEqualTo("error: The volume name '..' must not start with '.'.\n");
        // in a URL path the name arrives as ..%2F..: refused before any route sees it
        assertThat(refused(sock, "vol-delete", "--pool", "default", "../../outside.img").err())
                .isEqualTo("error: The request path holds an encoded '/' (%2F); names of domains, networks, pools and "
                        + "volumes cannot contain '/'.\n");
        assertThat(refused(sock, "vol-upload", "--pool", "default", "../outside.img", outside.toString()).err())
                .contains("cannot contain '/'");
        ok(sock, "vol-create-as", "default", "src.img", "1M");
        assertThat(refused(sock, "vol-clone", "--pool", "default", "src.img", "../clone.img").err())
                .contains("must not contain '/'");
        Path vx = file("vx.xml", "<volume><name>../../x.img</name><capacity>1</capacity></volume>");
        assertThat(refused(sock, "vol-create", "default", vx.toString()).err())
                .startsWith("error: volume XML line 1: The volume name '../../x.img' must not contain '/'.");
        // a symbolic link planted in the pool is not a volume and is never followed
        Files.createSymbolicLink(images.resolve("link.img"), outside);
        assertThat(refused(sock, "vol-info", "--pool", "default", "link.img").err()).contains("symbolic link");
        assertThat(refused(sock, "vol-wipe", "--pool", "default", "link.img").err()).contains("symbolic link");
        assertThat(refused(sock, "vol-delete", "--pool", "default", "link.img").err()).contains("symbolic link");
        assertThat(Files.readAllBytes(outside)).isEqualTo(new byte[4096]);
        assertThat(ok(sock, "vol-list", "default").out()).doesNotContain("link.img");
        // the REST API decodes names before the same checks
        try (JvirtClient c = daemon.client()) {
            JvirtClientException e = org.assertj.core.api.Assertions.catchThrowableOfType(JvirtClientException.class,
                    () -> c.volume("default", "../../../etc/passwd"));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
        // a domain disk cannot name one either
        Cli.Result d = refused(sock, "define", file("esc.xml", guestXml("esc", "default", "../outside.img", "")).toString());
        assertThat(d.err()).contains("The volume name '../outside.img' must not contain '/'.");
        // nor a key lookup outside every pool
        assertThat(refused(sock, "vol-info", outside.toString()).err()).contains("No storage volume has the key");
    }

    @Test
    void sizesBeyondThePoolAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path images = daemon.stateDir.resolve("images");
        Cli.Result r = refused(sock, "vol-create-as", "default", "huge.img", "100T");
        assertThat(r.err()).startsWith("error: Creating volume 'huge.img' needs 109951162777600 bytes (100.0 TiB), but "
                + "pool 'default' has only ").endsWith(" available; nothing was written.\n");
        assertThat(Files.list(images).toList()).isEmpty();
        ok(sock, "vol-create-as", "default", "small.img", "1M");
        assertThat(refused(sock, "vol-resize", "--pool", "default", "small.img", "100T", "--allocate").err())
                .contains("nothing was written");
        assertThat(ok(sock, "vol-info", "--pool", "default", "small.img", "--bytes").out()).contains("Capacity:       1048576\n");
        // a thin qcow2 may promise more than the pool has, as in libvirt
        ok(sock, "vol-create-as", "default", "thin.qcow2", "100T", "--format", "qcow2");
        assertThat(ok(sock, "vol-resize", "--pool", "default", "small.img", "2M").out())
                .isEqualTo("Size of volume 'small.img' successfully changed to 2M\n\n");
        assertThat(refused(sock, "vol-resize", "--pool", "default", "small.img", "1M").err()).contains("shrink");
        ok(sock, "vol-resize", "--pool", "default", "small.img", "1M", "--delta", "--shrink");
        assertThat(ok(sock, "vol-info", "--pool", "default", "small.img", "--bytes").out()).contains("Capacity:       1048576\n");
    }

    @Test
    void jsonOutputAndErrorsOfEveryKind() throws Exception {
        ok(sock, "vol-create-as", "default", "j.img", "1M");
        assertThat(ok(sock, "vol-info", "--pool", "default", "j.img", "--json").out()).contains("\"format\" : \"raw\"")
                .contains("\"capacity\" : 1048576");
        assertThat(ok(sock, "pool-list", "--all", "--json").out()).contains("\"name\" : \"default\"");
        assertThat(ok(sock, "vol-list", "default", "--json").out()).contains("\"name\" : \"j.img\"");
        assertThat(refused(sock, "vol-info", "--pool", "default", "nope.img").err())
                .isEqualTo("error: Pool 'default' has no volume named 'nope.img'.\n");
        assertThat(refused(sock, "vol-create-as", "default", "j.img", "1M").err()).contains("already has a volume named 'j.img'");
        assertThat(refused(sock, "pool-start", "default").err()).isEqualTo("error: Storage pool 'default' is already active.\n");
        assertThat(refused(sock, "vol-wipe", "--pool", "default", "j.img", "--algorithm", "nnsa").err())
                .contains("The wipe algorithm 'nnsa' is not supported");
        Path bad = file("bad.xml", "<pool type='dir'>\n  <name>b</name>\n  <colour/>\n  <target><path>/b</path>"
                + "</target>\n</pool>");
        assertThat(refused(sock, "pool-define", bad.toString()).err()).isEqualTo("error: pool XML line 3: unknown "
                + "element <colour> inside <pool>; remove it or check its spelling.\n");
        try (JvirtClient c = daemon.client()) {
            StoragePoolInfo p = c.pool("default");
            assertThat(p.type()).isEqualTo("dir");
            assertThat(p.active()).isTrue();
            JvirtClientException e = org.assertj.core.api.Assertions.catchThrowableOfType(JvirtClientException.class,
                    () -> c.volume("nopool", "x"));
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void fsPoolOnALoopDeviceMadeByTheTest() throws Exception {
        Path backing = tmp.resolve("fs.img");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(256L << 20);
        }
        String loop = run("losetup", "-f", "--show", backing.toString()).strip();
        Path mnt = tmp.resolve("mnt");
        try {
            Path xml = file("fsp.xml", """
                    <pool type='fs'>
                      <name>fsp</name>
                      <source><device path='%s'/><format type='ext4'/></source>
                      <target><path>%s</path></target>
                    </pool>""".formatted(loop, mnt));
            ok(sock, "pool-define", xml.toString());
            ok(sock, "pool-build", "fsp");
            ok(sock, "pool-start", "fsp");
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + mnt + " ");
            String info = ok(sock, "pool-info", "fsp").out();
            assertThat(info).contains("State:          running\n").containsPattern("Capacity:       2[0-9.]+ MiB\n");
            ok(sock, "vol-create-as", "fsp", "a.qcow2", "1G", "--format", "qcow2");
            ok(sock, "vol-create-as", "fsp", "b.img", "8M");
            assertThat(refused(sock, "vol-create-as", "fsp", "c.img", "1G").err()).contains("nothing was written");
            assertThat(ok(sock, "vol-list", "fsp").out()).contains(" a.qcow2 ").contains(" b.img ").doesNotContain("lost+found");
            assertThat(ok(sock, "pool-list", "--details").out()).containsPattern(" fsp +running +no +yes ");
            // a second build would destroy the file system: refused while running, and without overwrite
            assertThat(refused(sock, "pool-build", "fsp").err()).contains("is active");
            ok(sock, "pool-destroy", "fsp");
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + mnt + " ");
            assertThat(refused(sock, "pool-build", "fsp").err()).contains("already holds a file system of type ext4");
            // the volumes come back with the file system
            ok(sock, "pool-start", "fsp");
            assertThat(ok(sock, "vol-list", "fsp").out()).contains(" a.qcow2 ");
            ok(sock, "pool-destroy", "fsp");
            ok(sock, "pool-delete", "fsp");
            assertThat(Files.exists(mnt)).isFalse();
            ok(sock, "pool-undefine", "fsp");
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
            run("losetup", "-d", loop);
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
