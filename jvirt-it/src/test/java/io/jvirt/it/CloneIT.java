package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jvirt clone of a shut-off domain with two disks (the ext4 root of the test guest and a raw
 * data disk), full (--auto-clone) and linked: the clone boots, sees the original's data, and
 * what it writes stays in its own images (the original's files keep their hashes, qemu-img
 * check finds nothing wrong, --linked images are overlays on the original's). Bad input gets
 * one sentence and leaves nothing behind.
 */
class CloneIT extends DaemonTest {
    static final String DATA = "ORIGINAL-DATA-0123456789";
    Path pool;

    @BeforeEach
    void original() throws Exception {
        pool = tmp.resolve("pool");
        Files.createDirectories(pool);
        Files.copy(TestGuest.dir().resolve("root.ext4"), pool.resolve("orig.img"));
        try (RandomAccessFile f = new RandomAccessFile(pool.resolve("data.img").toFile(), "rw")) {
            f.setLength(8L << 20);
            f.write(DATA.getBytes(StandardCharsets.US_ASCII));
        }
        try (JvirtClient c = daemon.client()) {
            c.createPool("<pool type='dir'><name>vms</name><target><path>" + pool + "</path></target></pool>", false,
                    false);
        }
        define(TestGuest.xml("orig", disks(pool.resolve("orig.img"), "raw", pool.resolve("data.img"), "raw")
                + "<interface type='user'><mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>",
                "root=/dev/vda"));
    }

    static String disks(Path root, String rootFormat, Path data, String dataFormat) {
        return """
                <disk type='file' device='disk'>
                  <driver name='qemu' type='%s'/>
                  <source file='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='%s'/>
                  <source file='%s'/>
                  <target dev='vdb' bus='virtio'/>
                  <serial>data</serial>
                </disk>""".formatted(rootFormat, root, dataFormat, data);
    }

    void define(String xml) throws Exception {
        Path f = tmp.resolve("def-" + System.nanoTime() + ".xml");
        Files.writeString(f, xml);
        Cli.Result r = Cli.run(sock, "define", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    static String sha(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 20];
            for (int n; (n = in.read(b)) > 0; ) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String qemuImg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Boots {@code name}, checks it sees the original's data disk, writes into both disks, powers off. */
    void bootAndWrite(JvirtClient c, String name) throws Exception {
        Cli.Result start = Cli.run(sock, "start", name);
        assertThat(start.exit()).as(start.err()).isZero();
        waitForConsole(c, name, "JVIRT-GUEST-READY root=vda");
        try (GuestShell sh = new GuestShell(c, name)) {
            GuestShell.Result read = sh.run("dd if=/dev/vdb bs=" + DATA.length() + " count=1 2>/dev/null; echo",
                    Duration.ofSeconds(30));
            assertThat(read.output()).contains(DATA);
            assertThat(sh.run("echo WRITTEN-BY-" + name + " | dd of=/dev/vdb bs=512 seek=100 conv=fsync "
                    + "2>/dev/null && echo " + name + " > /root/clone-was-here && sync", Duration.ofSeconds(30)).ok())
                    .isTrue();
        }
        Cli.Result stop = Cli.run(sock, "destroy", name);
        assertThat(stop.exit()).as(stop.err()).isZero();
    }

    @Test
    void fullCloneBootsAndItsDisksAreItsOwn() throws Exception {
        String rootSha = sha(pool.resolve("orig.img"));
        String dataSha = sha(pool.resolve("data.img"));
        Cli.Result r = Cli.run(sock, "clone", "--original", "orig", "--auto-clone");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Allocated 'orig-clone.img'", "Allocated 'data-clone.img'")
                .endsWith("\nClone 'orig-clone' created successfully.\n");
        try (JvirtClient c = daemon.client()) {
            String xml = c.xml("orig-clone", true);
            assertThat(xml).contains(pool.resolve("orig-clone.img").toString(), pool.resolve("data-clone.img")
                    .toString()).doesNotContain("52:54:00:12:34:56", c.info("orig").uuid());
            StorageVolumeInfo data = c.volume("vms", "data-clone.img");
            assertThat(data.format()).isEqualTo("raw");
            assertThat(data.allocation()).as("sparse copy").isLessThan(1L << 20);
            bootAndWrite(c, "orig-clone");
        }
        assertThat(sha(pool.resolve("orig.img"))).isEqualTo(rootSha);
        assertThat(sha(pool.resolve("data.img"))).isEqualTo(dataSha);
        assertThat(Files.readString(pool.resolve("data-clone.img"), StandardCharsets.ISO_8859_1))
                .contains(DATA, "WRITTEN-BY-orig-clone");
    }

    @Test
    void linkedCloneIsOverlaysOnTheOriginal() throws Exception {
        String rootSha = sha(pool.resolve("orig.img"));
        String dataSha = sha(pool.resolve("data.img"));
        Cli.Result r = Cli.run(sock, "clone", "--original", "orig", "--name", "thin", "--auto-clone", "--linked");
        assertThat(r.exit()).as(r.err()).isZero();
        Path root = pool.resolve("thin.qcow2");
        Path data = pool.resolve("data-clone.qcow2");
        for (Path p : List.of(root, data)) {
            assertThat(p).exists();
        }
        try (JvirtClient c = daemon.client()) {
            assertThat(c.xml("thin", true)).contains("type='qcow2'/>\n      <source file='" + root + "'/>");
            bootAndWrite(c, "thin");
        }
        assertThat(sha(pool.resolve("orig.img"))).isEqualTo(rootSha);
        assertThat(sha(pool.resolve("data.img"))).isEqualTo(dataSha);
        String chain = qemuImg("info", "--backing-chain", data.toString());
        assertThat(chain).contains("image: " + data, "backing file: " + pool.resolve("data.img"),
                "image: " + pool.resolve("data.img"), "file format: raw");
        assertThat(qemuImg("info", "--backing-chain", root.toString()))
                .contains("backing file: " + pool.resolve("orig.img"));
        for (Path p : List.of(root, data)) {
            assertThat(qemuImg("check", p.toString())).contains("No errors were found");
        }
        // the write went to the overlay: reading through the chain shows it, the base does not have it
        String top = qemuImg("convert", "-O", "raw", data.toString(), tmp.resolve("flat.raw").toString());
        assertThat(top).isEmpty();
        assertThat(Files.readString(tmp.resolve("flat.raw"), StandardCharsets.ISO_8859_1))
                .contains("WRITTEN-BY-thin", DATA);
    }

    @Test
    void replaceStopsAndUndefinesTheRunningDomainOfTheNameAndTheNewCloneBoots() throws Exception {
        Cli.Result first = Cli.run(sock, "clone", "--original", "orig", "--name", "web", "--auto-clone");
        assertThat(first.exit()).as(first.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            String oldUuid = c.info("web").uuid();
            assertThat(Cli.run(sock, "start", "web").exit()).isZero();
            waitForConsole(c, "web", "JVIRT-GUEST-READY root=vda");
            Cli.Result refused = Cli.run(sock, "clone", "--original", "orig", "--name", "web", "--auto-clone");
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).isEqualTo("error: Domain 'web' exists already; choose another --name, or give "
                    + "--replace to replace it.\n");

            Cli.Result r = Cli.run(sock, "clone", "--original", "orig", "--name", "web", "--auto-clone", "--replace");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("note: Domain 'web' was replaced: stopped if it ran, and undefined; its disks "
                    + "are kept.").endsWith("\nClone 'web' created successfully.\n");
            assertThat(c.info("web").uuid()).isNotEqualTo(oldUuid);
            assertThat(c.info("web").state().label()).isEqualTo("shut off");
            assertThat(c.xml("web", true)).contains(pool.resolve("web-1.img").toString(),
                    pool.resolve("data-clone-1.img").toString());
            // the replaced domain's disks stay, as virt-clone leaves them
            assertThat(pool.resolve("web.img")).exists();
            assertThat(pool.resolve("data-clone.img")).exists();
            bootAndWrite(c, "web");
        }
    }

    @Test
    void aPausedOriginalIsCloned() throws Exception {
        try (JvirtClient c = daemon.client()) {
            assertThat(Cli.run(sock, "start", "orig").exit()).isZero();
            waitForConsole(c, "orig", "JVIRT-GUEST-READY root=vda");
            try (GuestShell sh = new GuestShell(c, "orig")) {
                assertThat(sh.run("echo WRITTEN-WHILE-RUNNING | dd of=/dev/vdb bs=512 seek=200 conv=fsync 2>/dev/null",
                        Duration.ofSeconds(30)).ok()).isTrue();
            }
            assertThat(Cli.run(sock, "suspend", "orig").exit()).isZero();
            Cli.Result r = Cli.run(sock, "clone", "--original", "orig", "--name", "snap", "--auto-clone");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(c.info("orig").state().label()).isEqualTo("paused");
        }
        assertThat(Files.readString(pool.resolve("data-clone.img"), StandardCharsets.ISO_8859_1))
                .contains(DATA, "WRITTEN-WHILE-RUNNING");
    }

    @Test
    void badInputGetsOneSentenceAndLeavesNothing() throws Exception {
        define(TestGuest.xml("other", ""));
        List<String> before;
        try (JvirtClient c = daemon.client()) {
            before = c.listVolumes("vms").stream().map(StorageVolumeInfo::name).sorted().toList();
        }
        Files.writeString(pool.resolve("taken.img"), "x");

        Cli.Result inUse = Cli.run(sock, "clone", "--original", "orig", "--name", "other", "--auto-clone");
        assertThat(inUse.exit()).isEqualTo(1);
        assertThat(inUse.err()).isEqualTo("error: Domain 'other' exists already; choose another --name, or give "
                + "--replace to replace it.\n");

        Cli.Result exists = Cli.run(sock, "clone", "--original", "orig", "--name", "n1", "--file",
                pool.resolve("taken.img").toString(), "--file", pool.resolve("n1-data.img").toString());
        assertThat(exists.exit()).isEqualTo(1);
        assertThat(exists.err()).isEqualTo("error: " + pool.resolve("taken.img") + " exists already (for disk vda); "
                + "jvirt does not overwrite it: choose another --file, or give --preserve-data to use it as it is.\n");

        Cli.Result unknown = Cli.run(sock, "clone", "--original", "orig", "--auto-clone", "--bogus");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error: Unknown option: '--bogus'");

        try (JvirtClient c = daemon.client()) {
            assertThat(Cli.run(sock, "start", "orig").exit()).isZero();
            Cli.Result running = Cli.run(sock, "clone", "--original", "orig", "--auto-clone");
            assertThat(running.exit()).isEqualTo(1);
            assertThat(running.err()).isEqualTo("error: Domain 'orig' is running; shut it down (jvirt shutdown orig) "
                    + "or pause it (jvirt suspend orig) before cloning it.\n");
            Files.delete(pool.resolve("taken.img"));
            assertThat(c.listVolumes("vms").stream().map(StorageVolumeInfo::name).sorted().toList())
                    .isEqualTo(before);
            assertThat(c.listDomains(true)).extracting(d -> d.name()).containsExactlyInAnyOrder("orig", "other");
        }
    }

    @Test
    void aFailedCopyRemovesWhatWasMade() throws Exception {
        // vdb's image names a backing file that is gone: the engine cannot read it, so its copy fails
        // after vda's copy was made
        qemuImg("create", "-q", "-u", "-f", "qcow2", "-b", tmp.resolve("gone.raw").toString(), "-F", "raw",
                pool.resolve("broken.qcow2").toString(), "16M");
        define(TestGuest.xml("broken", disks(pool.resolve("orig.img"), "raw", pool.resolve("broken.qcow2"), "qcow2")));
        List<String> before;
        try (JvirtClient c = daemon.client()) {
            before = c.listVolumes("vms").stream().map(StorageVolumeInfo::name).sorted().toList();
        }
        Cli.Result failed = Cli.run(sock, "clone", "--original", "broken", "--auto-clone");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).isEqualTo("Cloning 'broken'...\n");
        assertThat(failed.err()).startsWith("error: The copy of disk vdb into broken-clone.qcow2 failed, and the "
                + "clone's copies made so far were removed: ").contains("gone.raw");
        try (JvirtClient c = daemon.client()) {
            assertThat(c.listVolumes("vms").stream().map(StorageVolumeInfo::name).sorted().toList())
                    .isEqualTo(before);
            assertThat(c.listDomains(true)).extracting(d -> d.name()).containsExactlyInAnyOrder("orig", "broken");
        }
        try (var files = Files.list(pool)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("broken.qcow2", "data.img", "orig.img");
        }
    }

    @Test
    void tpmStateIsCopied() throws Exception {
        define(TestGuest.xml("sealed", """
                <tpm model='tpm-crb'>
                  <backend type='emulator' version='2.0'/>
                </tpm>"""));
        try (JvirtClient c = daemon.client()) {
            assertThat(Cli.run(sock, "start", "sealed").exit()).isZero();
            waitForConsole(c, "sealed", TestGuest.READY);
            assertThat(Cli.run(sock, "destroy", "sealed").exit()).isZero();
            Cli.Result r = Cli.run(sock, "clone", "--original", "sealed", "--auto-clone");
            assertThat(r.exit()).as(r.err()).isZero();
            Path from = tmp.resolve("state/tpm").resolve(c.info("sealed").uuid()).resolve("tpm2/tpm2-00.permall");
            Path to = tmp.resolve("state/tpm").resolve(c.info("sealed-clone").uuid()).resolve("tpm2/tpm2-00.permall");
            assertThat(to).exists();
            assertThat(Files.mismatch(from, to)).isEqualTo(-1L);
        }
    }

    @Test
    void nvramIsCopiedAndNeverOverwritten() throws Exception {
        Path vars = tmp.resolve("nvram/uefi_VARS.fd");
        Files.createDirectories(vars.getParent());
        Files.writeString(vars, "VARIABLES");
        String uefi = TestGuest.xml("uefi", disks(pool.resolve("orig.img"), "raw", pool.resolve("data.img"), "raw"))
                .replace("<type arch='x86_64' machine='pc'>hvm</type>", "<type arch='x86_64' machine='pc'>hvm</type>"
                        + "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"
                        + "<nvram template='/usr/share/OVMF/OVMF_VARS_4M.fd'>" + vars + "</nvram>");
        define(uefi);
        Path clash = tmp.resolve("nvram/clash_VARS.fd");
        Files.writeString(clash, "SOMEONE ELSE'S");
        Cli.Result refused = Cli.run(sock, "clone", "--original", "uefi", "--name", "u2", "--auto-clone", "--nvram",
                clash.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: The UEFI variable store " + clash + " exists already; jvirt does "
                + "not overwrite it: give --nvram another path, or --preserve-data to use it as it is.\n");
        assertThat(Files.readString(clash)).isEqualTo("SOMEONE ELSE'S");

        Cli.Result ok = Cli.run(sock, "clone", "--original", "uefi", "--name", "u3", "--auto-clone");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(Files.readString(tmp.resolve("nvram/u3_VARS.fd"))).isEqualTo("VARIABLES");
        try (JvirtClient c = daemon.client()) {
            assertThat(c.xml("u3", true)).contains(tmp.resolve("nvram/u3_VARS.fd").toString());
        }
    }
}
