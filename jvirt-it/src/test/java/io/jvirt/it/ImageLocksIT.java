package io.jvirt.it;

import static io.jvirt.it.StorageIT.guestXml;
import static io.jvirt.it.StorageIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import io.jvirt.image.DiskImage;
import io.jvirt.image.Images;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * QEMU's image locks between a real running guest, jvirtd, {@code jvirt img} and qemu-img: while
 * domain vm1 runs on the qcow2 volume root1.qcow2 (an overlay of base.img), every {@code jvirt
 * img} subcommand that would write it (or its backing file) is refused with exit code 1 in one
 * sentence naming vm1, and the files stay byte-identical; reads are refused as qemu-img refuses
 * them and run with -U; the guest goes on writing its disk unharmed. The other way round, QEMU
 * cannot start on an image the image API holds.
 */
class ImageLocksIT extends DaemonTest {

    private static final Duration CMD = Duration.ofSeconds(30);

    private Path images;

    private Cli.Result img(String... args) {
        List<String> all = new ArrayList<>(List.of("img", "--connect", sock.toString()));
        all.addAll(List.of(args));
        return Cli.run(sock, all.toArray(String[]::new));
    }

    private void startVm1() throws Exception {
        images = daemon.stateDir.resolve("images");
        ok(sock, "vol-create-as", "default", "base.img", "0", "--allocation", "0");
        ok(sock, "vol-upload", "--pool", "default", "base.img", TestGuest.dir().resolve("root.ext4").toString());
        ok(sock, "vol-create-as", "default", "root1.qcow2", "0", "--backing-vol", "base.img", "--format", "qcow2");
        Path f = tmp.resolve("vm1.xml");
        Files.writeString(f, guestXml("vm1", "default", "root1.qcow2", ""));
        ok(sock, "define", f.toString());
        ok(sock, "start", "vm1");
    }

    @Test
    void aRunningGuestsDiskIsLeftAloneAndItsDomainNamed() throws Exception {
        startVm1();
        Path root = images.resolve("root1.qcow2");
        Path base = images.resolve("base.img");
        Path src = tmp.resolve("src.qcow2");
        assertThat(img("create", "-q", "-f", "qcow2", src.toString(), "1M").exit()).isZero();
        try (JvirtClient c = daemon.client(); GuestShell g = shell(c)) {
            assertThat(g.run("echo before > /probe && sync", CMD).ok()).isTrue();
            // paused, the guest writes nothing: the hashes can only change through the commands below
            ok(sock, "suspend", "vm1");
            String rootHash = sha256(root);
            String baseHash = sha256(base);
            String r = root.toString();
            String inUse = "error: Image " + r + " is in use by domain vm1; shut it down first";
            List<List<String>> writes = List.of(
                    List.of("create", "-f", "qcow2", r, "32M"),
                    List.of("create", "-f", "raw", r, "1M"),
                    List.of("snapshot", "-c", "live", r),
                    List.of("snapshot", "-a", "live", r),
                    List.of("snapshot", "-d", "live", r),
                    List.of("resize", r, "+16M"),
                    List.of("rebase", "-u", "-b", "", r),
                    List.of("rebase", "-u", "-b", base.toString(), "-F", "raw", r),
                    List.of("convert", "-n", "-O", "qcow2", src.toString(), r),
                    List.of("commit", r),
                    List.of("check", "-r", "all", r));
            for (List<String> w : writes) {
                Cli.Result res = img(w.toArray(String[]::new));
                assertThat(res.exit()).as("jvirt img " + w + ": " + res.err()).isEqualTo(1);
                assertThat(res.err()).as("jvirt img " + w).isEqualTo(inUse + " (-U does not allow writing).\n");
                assertThat(sha256(root)).as("root1.qcow2 after jvirt img " + w).isEqualTo(rootHash);
            }
            // the backing file is read by the guest's QEMU: writing it is refused too, naming the domain
            for (List<String> w : List.of(List.of("resize", "-f", "raw", base.toString(), "+1M"),
                    List.of("create", "-f", "raw", base.toString(), "1M"))) {
                assertThat(img(w.toArray(String[]::new)).err()).as("jvirt img " + w).isEqualTo("error: Image " + base
                        + " is in use by domain vm1; shut it down first (-U does not allow writing).\n");
            }
            assertThat(sha256(base)).isEqualTo(baseHash);

            // reads: refused as qemu-img refuses them, and run with -U
            assertThat(qemuImg("info", r)).contains("Failed to get shared \"write\" lock");
            List<List<String>> reads = List.of(List.of("info", r), List.of("map", r), List.of("check", r),
                    List.of("measure", "-O", "qcow2", r), List.of("snapshot", "-l", r),
                    List.of("convert", "-O", "raw", r, tmp.resolve("copy.raw").toString()), List.of("compare", r, r));
            for (List<String> read : reads) {
                Cli.Result res = img(read.toArray(String[]::new));
                assertThat(res.exit()).as("jvirt img " + read).isEqualTo(read.getFirst().equals("compare") ? 2 : 1);
                assertThat(res.err()).as("jvirt img " + read).isEqualTo(inUse + ", or use -U to read it anyway.\n");
                List<String> withU = new ArrayList<>(read);
                withU.add(1, "-U");
                Cli.Result u = img(withU.toArray(String[]::new));
                assertThat(u.err()).as("jvirt img " + withU).doesNotContain("in use");
                assertThat(u.exit()).as("jvirt img " + withU + ": " + u.err()).isNotEqualTo(1);
            }
            assertThat(img("info", "-U", r).out()).contains("backing file: " + base);
            assertThat(sha256(root)).isEqualTo(rootHash);
            assertThat(sha256(base)).isEqualTo(baseHash);

            // the guest never noticed: its disk is still read-write and without errors
            ok(sock, "resume", "vm1");
            GuestShell.Result alive = g.run("echo after >> /probe && sync && cat /probe && grep ' / ' /proc/mounts", CMD);
            assertThat(alive.ok()).as(alive.output()).isTrue();
            assertThat(alive.output().replace("\r", "")).contains("\nbefore\nafter\n").contains("\n/dev/vda / ext4 rw,");
            GuestShell.Result errors = g.run("dmesg | grep -ci -e 'i/o error' -e 'ext4-fs error' "
                    + "-e 'remounting filesystem read-only'", CMD);
            assertThat(errors.output().replace("\r", "")).as("kernel errors about the disk").endsWith("\n0\n");
        }
        ok(sock, "destroy", "vm1");
        assertThat(img("snapshot", "-c", "live", root.toString()).exit()).as("free once vm1 is off").isZero();
        assertThat(qemuImg("check", root.toString())).contains("No errors were found on the image.");
    }

    @Test
    void qemuCannotStartOnAnImageTheImageApiHolds() throws Exception {
        startVm1();
        ok(sock, "destroy", "vm1");
        Path root = images.resolve("root1.qcow2");
        try (DiskImage held = Images.open(root, false)) {
            Cli.Result start = Cli.run(sock, "start", "vm1");
            assertThat(start.exit()).isEqualTo(1);
            assertThat(start.err()).startsWith("error: ").contains("Failed to get \"write\" lock");
        }
        ok(sock, "start", "vm1");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "vm1", "JVIRT-GUEST-READY root=vda");
        }
    }

    private GuestShell shell(JvirtClient c) throws Exception {
        waitForConsole(c, "vm1", "JVIRT-GUEST-READY root=vda");
        return new GuestShell(c, "vm1");
    }

    private static String qemuImg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
