package io.jvirt.it;

import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots of the busybox guest with a qcow2 data disk (vda): the guest itself confirms what
 * a revert brings back (a value in its RAM, the bytes at the start of the disk, an uptime that
 * goes on), external chains are merged when a snapshot in their middle goes, and metadata
 * survives a daemon restart.
 */
class SnapshotIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(30);

    private Path defineWithDataDisk(String name) throws Exception {
        Path data = tmp.resolve(name + "-data.qcow2");
        Cli.Result img = Cli.run(sock, "img", "create", "-f", "qcow2", data.toString(), "16M");
        assertThat(img.exit()).as(img.err()).isZero();
        String xml = TestGuest.xml(name, """
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>""".formatted(data));
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, xml);
        Cli.Result def = Cli.run(sock, "define", f.toString());
        assertThat(def.exit()).as(def.err()).isZero();
        return data;
    }

    private static void writeDisk(GuestShell sh, String text) throws Exception {
        GuestShell.Result r = sh.run("[ -b /dev/vda ] || { rm -f /dev/vda; mknod /dev/vda b $(tr : ' ' < /sys/block/vda/dev); }; "
                + "[ -b /dev/vda ] && printf '" + text + "' | dd of=/dev/vda bs=512 conv=notrunc,fsync 2>/dev/null", CMD);
        assertThat(r.ok()).as(r.output()).isTrue();
    }

    private static String readDisk(GuestShell sh, int len) throws Exception {
        // the writes were synced: dropping the page cache makes the bytes come from the device
        GuestShell.Result r = sh.run("sync; echo 3 > /proc/sys/vm/drop_caches; "
                + "echo \"D$((0))ISK[$(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c " + len + ")]\"", CMD);
        Matcher m = Pattern.compile("D0ISK\\[([^\\]]*)\\]").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return m.group(1);
    }

    private static double uptime(GuestShell sh) throws Exception {
        GuestShell.Result r = sh.run("echo \"U$((0))P[$(cut -d' ' -f1 /proc/uptime)]\"", CMD);
        Matcher m = Pattern.compile("U0P\\[([0-9.]+)\\]").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String memValue(GuestShell sh) throws Exception {
        GuestShell.Result r = sh.run("echo \"M$((0))EM[$(cat /tmp/mark)]\"", CMD);
        Matcher m = Pattern.compile("M0EM\\[([^\\]]*)\\]").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return m.group(1);
    }

    private static String peek(Path p) throws Exception {
        Process read = new ProcessBuilder("qemu-io", "-U", "-r", "-c", "read -v 0 8", p.toString())
                .redirectErrorStream(true).start();
        String dump = new String(read.getInputStream().readAllBytes());
        read.waitFor();
        return dump.lines().findFirst().orElse("");
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(sock, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    @Test
    void internalSnapshotOfARunningGuestBringsBackItsMemoryAndDisk() throws Exception {
        defineWithDataDisk("snap1");
        ok("start", "snap1");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "snap1", TestGuest.READY);
            double up1;
            try (GuestShell sh = new GuestShell(c, "snap1")) {
                assertThat(sh.run("echo one > /tmp/mark", CMD).ok()).isTrue();
                writeDisk(sh, "DISK-ONE");
                up1 = uptime(sh);
            }
            Cli.Result created = ok("snapshot-create-as", "snap1", "s1", "first one");
            assertThat(created.out()).isEqualTo("Domain snapshot s1 created\n\n");

            // a second snapshot with the same name is refused and changes nothing
            Cli.Result dup = Cli.run(sock, "snapshot-create-as", "snap1", "s1");
            assertThat(dup.exit()).isEqualTo(1);
            assertThat(dup.err()).isEqualTo("error: domain 'snap1' already has a snapshot named 's1'; pick another name or "
                    + "delete that one first.\n");

            try (GuestShell sh = new GuestShell(c, "snap1")) {
                assertThat(sh.run("echo two > /tmp/mark", CMD).ok()).isTrue();
                writeDisk(sh, "DISK-TWO");
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-TWO");
            }
            Cli.Result reverted = ok("snapshot-revert", "snap1", "s1");
            assertThat(reverted.out()).isEqualTo("Domain snapshot s1 reverted\n\n");
            assertThat(c.info("snap1").state().label()).isEqualTo("running");
            try (GuestShell sh = new GuestShell(c, "snap1")) {
                assertThat(memValue(sh)).as("the guest's RAM went back").isEqualTo("one");
                assertThat(readDisk(sh, 8)).as("the disk went back").isEqualTo("DISK-ONE");
                assertThat(uptime(sh)).as("no reboot: the uptime goes on").isGreaterThanOrEqualTo(up1);
            }

            Cli.Result list = ok("snapshot-list", "snap1");
            assertThat(list.out()).startsWith(" Name   Creation Time")
                    .containsPattern("\\n s1 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4} +running\\n");
            Cli.Result info = ok("snapshot-info", "snap1", "--current");
            assertThat(info.out()).contains("Name:           s1\n").contains("Current:        yes\n")
                    .contains("State:          running\n").contains("Location:       internal\n")
                    .contains("Parent:         -\n");
            assertThat(ok("snapshot-dumpxml", "snap1", "s1").out()).contains("<name>s1</name>")
                    .contains("<description>first one</description>").contains("<state>running</state>");
            assertThat(ok("snapshot-current", "snap1", "--name").out()).isEqualTo("s1\n");

            // a child, then the tree and the parent
            ok("snapshot-create-as", "snap1", "s2");
            assertThat(ok("snapshot-parent", "snap1", "s2").out()).isEqualTo("s1\n");
            assertThat(ok("snapshot-list", "snap1", "--tree").out()).isEqualTo("s1\n  |\n  +- s2\n    \n");
            assertThat(ok("snapshot-list", "snap1", "--leaves", "--name").out()).isEqualTo("s2\n\n");

            // the metadata survives a daemon restart
            daemon.close();
            daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
            assertThat(ok("snapshot-list", "snap1", "--name").out()).isEqualTo("s1\ns2\n\n");
            assertThat(ok("snapshot-current", "snap1", "--name").out()).isEqualTo("s2\n");

            ok("snapshot-delete", "snap1", "s2");
            assertThat(ok("snapshot-list", "snap1", "--name").out()).isEqualTo("s1\n\n");
        }
        ok("destroy", "snap1");
        // a shut-off domain with snapshots cannot be undefined without --snapshots-metadata
        Cli.Result undef = Cli.run(sock, "undefine", "snap1");
        assertThat(undef.exit()).isEqualTo(1);
        assertThat(undef.err()).contains("1 snapshot").contains("--snapshots-metadata");
        assertThat(ok("list", "--all").out()).contains("snap1");
        ok("undefine", "snap1", "--snapshots-metadata");
        assertThat(Files.exists(tmp.resolve("state/snapshots/snap1"))).isFalse();
    }

    @Test
    void externalSnapshotWithMemoryIsInLibvirtsSaveFormatAndBringsBackMemoryAndDisk() throws Exception {
        Path data = defineWithDataDisk("snapm");
        ok("start", "snapm");
        Path mem = tmp.resolve("snapm-e1.mem");
        Path overlay = tmp.resolve("snapm-e1.qcow2");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "snapm", TestGuest.READY);
            double up1;
            try (GuestShell sh = new GuestShell(c, "snapm")) {
                assertThat(sh.run("echo one > /tmp/mark", CMD).ok()).isTrue();
                writeDisk(sh, "DISK-ONE");
                up1 = uptime(sh);
            }
            ok("snapshot-create-as", "snapm", "e1", "--memspec", "file=" + mem + ",snapshot=external",
                    "--diskspec", "vda,snapshot=external,file=" + overlay);
            assertThat(ok("domstate", "snapm").out()).as("the CPUs run again").isEqualTo("running\n\n");
            byte[] head = new byte[16];
            try (var in = Files.newInputStream(mem)) {
                assertThat(in.read(head)).isEqualTo(16);
            }
            assertThat(new String(head, StandardCharsets.US_ASCII)).as("libvirt's save-image magic")
                    .isEqualTo("LibvirtQemudSave");
            assertThat(ok("save-image-dumpxml", mem.toString()).out()).as("its header holds the definition")
                    .contains("<name>snapm</name>").contains(data.toString());
            assertThat(ok("domblklist", "snapm").out()).contains(overlay.toString());

            try (GuestShell sh = new GuestShell(c, "snapm")) {
                assertThat(memValue(sh)).as("the disks came back to the CPUs after the memory stream").isEqualTo("one");
                assertThat(sh.run("echo two > /tmp/mark", CMD).ok()).isTrue();
                writeDisk(sh, "DISK-TWO");
            }
            ok("snapshot-revert", "snapm", "e1");
            assertThat(ok("domstate", "--reason", "snapm").out()).isEqualTo("running (from snapshot)\n\n");
            try (GuestShell sh = new GuestShell(c, "snapm")) {
                assertThat(memValue(sh)).as("the guest's RAM went back").isEqualTo("one");
                assertThat(readDisk(sh, 8)).as("the disk went back").isEqualTo("DISK-ONE");
                assertThat(uptime(sh)).as("no reboot: the uptime goes on").isGreaterThanOrEqualTo(up1);
                assertThat(sh.run("echo three > /tmp/mark", CMD).ok()).isTrue();
            }

            // a paused guest stays paused, with its disks usable and a second memory snapshot possible
            ok("suspend", "snapm");
            Path mem2 = tmp.resolve("snapm-e2.mem");
            ok("snapshot-create-as", "snapm", "e2", "--memspec", "file=" + mem2 + ",snapshot=external",
                    "--diskspec", "vda,snapshot=external,file=" + tmp.resolve("snapm-e2.qcow2"));
            assertThat(ok("domstate", "--reason", "snapm").out()).isEqualTo("paused (user)\n\n");
            assertThat(ok("domblkinfo", "snapm", "vda").out()).contains("Capacity:");
            ok("snapshot-create-as", "snapm", "e3", "--memspec", "file=" + tmp.resolve("snapm-e3.mem")
                    + ",snapshot=external", "--diskspec", "vda,snapshot=external,file=" + tmp.resolve("snapm-e3.qcow2"));
            ok("resume", "snapm");
            try (GuestShell sh = new GuestShell(c, "snapm")) {
                assertThat(sh.run("echo four > /tmp/mark", CMD).ok()).isTrue();
            }
            ok("snapshot-revert", "snapm", "e2", "--running");
            try (GuestShell sh = new GuestShell(c, "snapm")) {
                assertThat(memValue(sh)).as("the paused guest's RAM came back").isEqualTo("three");
            }
        }
        ok("destroy", "snapm");
    }

    @Test
    void externalChainDeleteInTheMiddleCommitsAndTheImagesStayClean() throws Exception {
        Path data = defineWithDataDisk("snap2");
        ok("start", "snap2");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "snap2", TestGuest.READY);
            try (GuestShell sh = new GuestShell(c, "snap2")) {
                writeDisk(sh, "DISK-AAA");
            }
            Path o1 = tmp.resolve("snap2-data.e1");
            Path o2 = tmp.resolve("snap2-data.e2");
            ok("snapshot-create-as", "snap2", "e1", "--disk-only", "--diskspec", "vda,file=" + o1);
            try (GuestShell sh = new GuestShell(c, "snap2")) {
                writeDisk(sh, "DISK-BBB");
            }
            ok("snapshot-create-as", "snap2", "e2", "--disk-only", "--diskspec", "vda,file=" + o2);
            try (GuestShell sh = new GuestShell(c, "snap2")) {
                writeDisk(sh, "DISK-CCC");
            }
            assertThat(ok("snapshot-list", "snap2", "--external", "--name").out()).isEqualTo("e1\ne2\n\n");
            assertThat(ok("snapshot-info", "snap2", "e1").out()).contains("State:          disk-snapshot\n")
                    .contains("Location:       external\n");
            assertThat(c.xml("snap2", false)).contains(o2.toString());

            // e1 is in the middle: its overlay's data goes into the base, the guest keeps running on the chain
            ok("snapshot-delete", "snap2", "e1");
            assertThat(Files.exists(o1)).as("the merged overlay is removed").isFalse();
            assertThat(ok("snapshot-list", "snap2", "--name").out()).isEqualTo("e2\n\n");
            String live = c.xml("snap2", false);
            assertThat(live).contains(o2.toString()).doesNotContain(o1.toString());
            try (GuestShell sh = new GuestShell(c, "snap2")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-CCC");
            }
        }
        ok("destroy", "snap2");
        for (Path p : List.of(data, tmp.resolve("snap2-data.e2"))) {
            Process check = new ProcessBuilder("qemu-img", "check", p.toString()).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor()).as(out).isZero();
            assertThat(out).contains("No errors were found");
        }
        // the base now holds what the guest wrote before e2
        assertThat(peek(data)).as("DISK-BBB").contains("44 49 53 4b 2d 42 42 42");
    }

    private static void qemuIo(Path image, String cmd) throws Exception {
        Process p = new ProcessBuilder("qemu-io", "-f", "qcow2", "-c", cmd, image.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void snapshotsOfAShutOffDomainAndARevertWhoseImageVanished() throws Exception {
        Path data = defineWithDataDisk("off");
        qemuIo(data, "write -P 0x41 0 8");
        Cli.Result created = ok("snapshot-create-as", "off", "o1");
        assertThat(created.out()).isEqualTo("Domain snapshot o1 created\n\n");
        assertThat(ok("snapshot-info", "off", "o1").out()).contains("State:          shutoff\n")
                .contains("Location:       internal\n");
        qemuIo(data, "write -P 0x42 0 8");
        ok("snapshot-revert", "off", "o1");
        assertThat(peek(data)).as("the image went back").contains("41 41 41 41 41 41 41 41");

        // an external disk-only snapshot of the shut-off domain: the definition moves to the overlay
        Path ov = tmp.resolve("off-data.o2");
        ok("snapshot-create-as", "off", "o2", "--disk-only", "--diskspec", "vda,file=" + ov);
        assertThat(ok("dumpxml", "--inactive", "off").out()).contains("<source file='" + ov + "'/>");
        qemuIo(ov, "write -P 0x43 0 8");

        // the image of o1 vanishes: the revert says so and changes nothing
        Path aside = tmp.resolve("aside.qcow2");
        String before = ok("dumpxml", "--inactive", "off").out();
        Files.move(data, aside);
        Cli.Result gone = Cli.run(sock, "snapshot-revert", "off", "o1");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("error: Domain 'off' cannot be reverted to snapshot 'o1': the image " + data
                + " of disk vda no longer exists. Nothing was changed.\n");
        assertThat(ok("dumpxml", "--inactive", "off").out()).isEqualTo(before);
        assertThat(ok("snapshot-current", "off", "--name").out()).isEqualTo("o2\n");
        Files.move(aside, data);

        // deleting o2 merges the overlay into the image (the image engine's commit) and drops it
        ok("snapshot-delete", "off", "o2");
        assertThat(Files.exists(ov)).isFalse();
        assertThat(ok("dumpxml", "--inactive", "off").out()).contains("<source file='" + data + "'/>")
                .doesNotContain(ov.toString());
        assertThat(peek(data)).contains("43 43 43 43 43 43 43 43");
        Process check = new ProcessBuilder("qemu-img", "check", data.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(out).isZero();
        assertThat(ok("snapshot-list", "off", "--name").out()).isEqualTo("o1\n\n");
    }
}
