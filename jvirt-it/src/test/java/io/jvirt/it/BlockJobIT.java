package io.jvirt.it;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Block jobs on the busybox guest with a qcow2 data disk (vda), the guest confirming each
 * step: data written into an overlay is still read after an active commit pivoted the disk
 * onto its base, after a pull and after a copy pivoted it onto a new file (where it then writes
 * too); the live definition follows each chain and QEMU lets go of what it no longer uses;
 * a throttled job survives a daemon restart and is found again; an aborted copy leaves the
 * disk where it was; a copy with synchronous writes runs QEMU's write-blocking mode (its bitmap
 * records nothing, the guest's writes are copied as they are made) and pivots onto an image
 * identical to its source.
 */
class BlockJobIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(30);

    private Path defineWithDataDisk(String name, String size) throws Exception {
        Path data = tmp.resolve(name + "-data.qcow2");
        ok("img", "create", "-f", "qcow2", data.toString(), size);
        String xml = TestGuest.xml(name, """
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>""".formatted(data));
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, xml);
        ok("define", f.toString());
        return data;
    }

    private static void writeDisk(GuestShell sh, String text) throws Exception {
        GuestShell.Result r = sh.run("[ -b /dev/vda ] || { rm -f /dev/vda; mknod /dev/vda b $(tr : ' ' < /sys/block/vda/dev); }; "
                + "[ -b /dev/vda ] && printf '" + text + "' | dd of=/dev/vda bs=512 conv=notrunc,fsync 2>/dev/null", CMD);
        assertThat(r.ok()).as(r.output()).isTrue();
    }

    private static String readDisk(GuestShell sh, int len) throws Exception {
        GuestShell.Result r = sh.run("sync; echo 3 > /proc/sys/vm/drop_caches; "
                + "echo \"D$((0))ISK[$(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c " + len + ")]\"", CMD);
        Matcher m = Pattern.compile("D0ISK\\[([^\\]]*)\\]").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return m.group(1);
    }

    private Cli.Result ok(String... args) throws Exception {
        Cli.Result r = Cli.run(sock, args);
        if (r.exit() != 0) {
            String log = daemon.log();
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err() + "\ndaemon log (end):\n"
                    + log.substring(Math.max(0, log.length() - 4000))).isZero();
        }
        return r;
    }

    private static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return "exit " + p.exitValue() + ": " + out;
    }

    private static void assertCheckClean(Path image) throws Exception {
        String out = run("qemu-img", "check", image.toString());
        assertThat(out).startsWith("exit 0").contains("No errors were found");
    }

    @Test
    void commitPullAndCopyKeepTheGuestsDataAndTheDefinitionOnTheChainQemuUses() throws Exception {
        Path base = defineWithDataDisk("bj1", "16M");
        ok("start", "bj1");
        Path ov1 = tmp.resolve("bj1-data.s1");
        Path ov2 = tmp.resolve("bj1-data.s2");
        Path copy = tmp.resolve("bj1-copy.qcow2");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "bj1", TestGuest.READY);
            try (GuestShell sh = new GuestShell(c, "bj1")) {
                writeDisk(sh, "DISK-AAA");
            }
            ok("snapshot-create-as", "bj1", "s1", "--disk-only", "--diskspec", "vda,file=" + ov1);
            try (GuestShell sh = new GuestShell(c, "bj1")) {
                writeDisk(sh, "DISK-BBB");
            }
            assertThat(run("qemu-img", "info", ov1.toString())).as("QEMU writes the overlay: it is locked")
                    .startsWith("exit 1").contains("lock");

            // an active commit with a pivot: the guest goes on on the base, with the overlay's data
            Cli.Result commit = ok("blockcommit", "bj1", "vda", "--active", "--pivot", "--wait", "--verbose");
            assertThat(commit.out()).isEqualTo("\nSuccessfully pivoted\n");
            assertThat(commit.err()).contains("Block commit: [100 %]");
            String live = c.xml("bj1", false);
            assertThat(live).contains("<source file='" + base + "'").doesNotContain(ov1.toString());
            assertThat(ok("blockjob", "bj1", "vda").out()).isEqualTo("No current block job for vda\n");
            try (GuestShell sh = new GuestShell(c, "bj1")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-BBB");
            }
            assertThat(run("qemu-img", "info", ov1.toString())).as("QEMU let go of the overlay").startsWith("exit 0");

            // a pull: the new overlay takes in its backing's data and stands alone
            ok("snapshot-create-as", "bj1", "s2", "--disk-only", "--diskspec", "vda,file=" + ov2);
            try (GuestShell sh = new GuestShell(c, "bj1")) {
                writeDisk(sh, "DISK-CCC");
            }
            Cli.Result pull = ok("blockpull", "bj1", "vda", "--wait");
            assertThat(pull.out()).isEqualTo("\nPull complete\n");
            live = c.xml("bj1", false);
            assertThat(live).contains("<source file='" + ov2 + "'").doesNotContain("<source file='" + base + "'");
            assertThat(run("qemu-img", "info", "-U", ov2.toString())).doesNotContain("backing file:");
            try (GuestShell sh = new GuestShell(c, "bj1")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-CCC");
            }

            // a copy to a new file, pivoted: the guest reads and writes there
            Cli.Result cp = ok("blockcopy", "bj1", "vda", copy.toString(), "--wait", "--verbose", "--pivot");
            assertThat(cp.out()).isEqualTo("\nSuccessfully pivoted\n");
            assertThat(cp.err()).contains("Block Copy: [100 %]");
            assertThat(c.xml("bj1", false)).contains("<source file='" + copy + "'").doesNotContain(ov2.toString());
            try (GuestShell sh = new GuestShell(c, "bj1")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-CCC");
                writeDisk(sh, "DISK-DDD");
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-DDD");
            }

            // a copy into a storage volume, described by a disk XML
            ok("vol-create-as", "default", "bj1-vol.qcow2", "16M", "--format", "qcow2");
            Path volXml = tmp.resolve("vol.xml");
            Files.writeString(volXml, "<disk type='volume'><driver type='qcow2'/>"
                    + "<source pool='default' volume='bj1-vol.qcow2'/></disk>");
            Cli.Result toVol = ok("blockcopy", "bj1", "vda", "--xml", volXml.toString(), "--pivot", "--wait");
            assertThat(toVol.out()).isEqualTo("\nSuccessfully pivoted\n");
            assertThat(c.xml("bj1", false)).contains("<source pool='default' volume='bj1-vol.qcow2'")
                    .doesNotContain(copy.toString());
            try (GuestShell sh = new GuestShell(c, "bj1")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-DDD");
            }
        }
        ok("destroy", "bj1");
        assertCheckClean(base);
        assertCheckClean(copy);
        assertThat(run("qemu-io", "-r", "-c", "read -P 0x44 3 1", copy.toString())).contains("read 1/1 bytes");
        assertThat(run("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x42 5 1", base.toString()))
                .as("the base holds the overlay's data the commit merged").contains("read 1/1 bytes");
    }

    @Test
    void aThrottledJobIsFoundAgainAfterADaemonRestartAndAnAbortedCopyLeavesTheDiskAlone() throws Exception {
        Path base = defineWithDataDisk("bj2", "64M");
        ok("start", "bj2");
        Path ov = tmp.resolve("bj2-data.s1");
        Path copy = tmp.resolve("bj2-copy.qcow2");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "bj2", TestGuest.READY);
            ok("snapshot-create-as", "bj2", "s1", "--disk-only", "--diskspec", "vda,file=" + ov);
            try (GuestShell sh = new GuestShell(c, "bj2")) {
                GuestShell.Result w = sh.run("[ -b /dev/vda ] || { rm -f /dev/vda; mknod /dev/vda b "
                        + "$(tr : ' ' < /sys/block/vda/dev); }; dd if=/dev/urandom of=/dev/vda bs=1M count=12 "
                        + "conv=fsync 2>/dev/null; echo W$((0))DONE", Duration.ofSeconds(120));
                assertThat(w.output()).contains("W0DONE");
                writeDisk(sh, "DISK-EEE");
            }
            // an aborted copy: the disk stays where it was, the copy's lock goes
            ok("blockcopy", "bj2", "vda", copy.toString(), "--bandwidth", "1");
            ok("blockjob", "bj2", "vda", "--abort");
            assertThat(ok("blockjob", "bj2", "vda").out()).isEqualTo("No current block job for vda\n");
            assertThat(c.xml("bj2", false)).contains("<source file='" + ov + "'").doesNotContain(copy.toString());

            // a commit throttled to 1 MiB/s runs on while the daemon restarts
            Cli.Result started = ok("blockcommit", "bj2", "vda", "--active", "--bandwidth", "1");
            assertThat(started.out()).isEqualTo("Active Block Commit started\n");
            Cli.Result busy = Cli.run(sock, "blockpull", "bj2", "vda");
            assertThat(busy.exit()).isEqualTo(1);
            assertThat(busy.err()).contains("already has a block job (Active Block Commit)");
        }
        daemon.close();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
        try (JvirtClient c = daemon.client()) {
            Cli.Result info = ok("blockjob", "bj2", "vda", "--info");
            assertThat(info.err()).contains("Active Block Commit: [");
            assertThat(info.out()).contains("Bandwidth limit: 1048576 bytes/s (1.000 MiB/s)");
            assertThat(ok("blockjob", "bj2", "vda", "--raw").out()).contains(" type=active-commit\n")
                    .contains(" bandwidth=1\n");
            ok("blockjob", "bj2", "vda", "--bandwidth", "0");
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!c.blockJobs().info("bj2", "vda").ready()) {
                assertThat(System.nanoTime()).as("the commit gets ready").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(ok("blockjob", "bj2", "vda", "--pivot").out()).isEmpty();
        }
        Cli.Result dup = Cli.run(sock, "blockcommit", "bj2", "vda", "--active", "--pivot");
        assertThat(dup.exit()).as("the disk is back on its base: nothing to commit").isEqualTo(1);
        try (JvirtClient c = daemon.client()) {
            assertThat(c.xml("bj2", false)).contains("<source file='" + base + "'").doesNotContain(ov.toString());
            try (GuestShell sh = new GuestShell(c, "bj2")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-EEE");
            }
        }
        ok("destroy", "bj2");
        assertCheckClean(base);
    }

    @Test
    void aDaemonKilledRightAfterQemuPivotedLeavesTheDefinitionsOnTheImageQemuUses() throws Exception {
        Path base = defineWithDataDisk("bj3", "16M");
        ok("start", "bj3");
        Path ov = tmp.resolve("bj3-data.s1");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "bj3", TestGuest.READY);
            ok("snapshot-create-as", "bj3", "s1", "--disk-only", "--diskspec", "vda,file=" + ov);
            try (GuestShell sh = new GuestShell(c, "bj3")) {
                writeDisk(sh, "DISK-FFF");
            }
        }
        daemon.close();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).env("JVIRT_TEST_CRASH_AT", "BLOCK_JOB:finalized")
                .start();
        Cli.Result r = Cli.run(sock, "blockcommit", "bj3", "vda", "--active", "--pivot", "--wait");
        assertThat(r.exit()).as("the daemon died after QEMU switched to the base").isNotZero();
        daemon.kill9();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.xml("bj3", false)).contains("<source file='" + base + "'").doesNotContain(ov.toString());
            assertThat(c.xml("bj3", true)).contains("<source file='" + base + "'").doesNotContain(ov.toString());
            assertThat(ok("blockjob", "bj3", "vda").out()).isEqualTo("No current block job for vda\n");
            try (GuestShell sh = new GuestShell(c, "bj3")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-FFF");
                writeDisk(sh, "DISK-GGG");
            }
        }
        assertThat(Files.list(tmp.resolve("state/block-jobs/jobs")).toList()).as("the job record is gone").isEmpty();
        assertThat(run("qemu-img", "info", ov.toString())).as("QEMU let go of the overlay").startsWith("exit 0");
        ok("destroy", "bj3");
        assertCheckClean(base);
        assertThat(run("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x47 5 1", base.toString())).contains("read 1/1");
    }

    @Test
    void commitWithDeleteRemovesTheMergedOverlaysAndACopyTakesItsGranularity() throws Exception {
        Path base = defineWithDataDisk("bj4", "16M");
        ok("start", "bj4");
        Path ov1 = tmp.resolve("bj4-data.s1");
        Path ov2 = tmp.resolve("bj4-data.s2");
        Path copy = tmp.resolve("bj4-copy.qcow2");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "bj4", TestGuest.READY);
            ok("snapshot-create-as", "bj4", "s1", "--disk-only", "--diskspec", "vda,file=" + ov1);
            try (GuestShell sh = new GuestShell(c, "bj4")) {
                writeDisk(sh, "DISK-HHH");
            }
            ok("snapshot-create-as", "bj4", "s2", "--disk-only", "--diskspec", "vda,file=" + ov2);
            try (GuestShell sh = new GuestShell(c, "bj4")) {
                writeDisk(sh, "DISK-III");
            }

            // the middle overlay merged into the base and deleted; the active one stays
            Cli.Result mid = ok("blockcommit", "bj4", "vda", "--top", ov1.toString(), "--delete", "--wait");
            assertThat(mid.out()).isEqualTo("\nCommit complete\n");
            assertThat(ov1).as("--delete removed the committed overlay").doesNotExist();
            assertThat(ov2).exists();
            assertThat(c.xml("bj4", false)).contains("<source file='" + ov2 + "'").doesNotContain(ov1.toString());

            // the active layer merged, pivoted and deleted
            Cli.Result active = ok("blockcommit", "bj4", "vda", "--active", "--pivot", "--delete", "--wait");
            assertThat(active.out()).isEqualTo("\nSuccessfully pivoted\n");
            assertThat(ov2).doesNotExist();
            assertThat(c.xml("bj4", false)).contains("<source file='" + base + "'");
            try (GuestShell sh = new GuestShell(c, "bj4")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-III");
            }

            // a copy with virsh's tuning options, pivoted: the guest goes on on it
            Cli.Result cp = ok("blockcopy", "bj4", "vda", copy.toString(), "--granularity", "65536", "--buf-size",
                    "1048576", "--transient-job", "--pivot", "--wait");
            assertThat(cp.out()).isEqualTo("\nSuccessfully pivoted\n");
            assertThat(daemon.log()).doesNotContain("granularity must");
            try (GuestShell sh = new GuestShell(c, "bj4")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-III");
            }
            assertThat(base).as("the base was no committed-from image").exists();
        }
        ok("destroy", "bj4");
        assertCheckClean(base);
        assertCheckClean(copy);
        assertThat(run("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x49 5 1", base.toString())).contains("read 1/1");
    }

    @Test
    void aCopyWithSynchronousWritesRunsWriteBlockingAndPivotsOntoAnIdenticalImage() throws Exception {
        Path base = defineWithDataDisk("bj5", "16M");
        ok("start", "bj5");
        Path copy = tmp.resolve("bj5-copy.qcow2");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "bj5", TestGuest.READY);
            try (GuestShell sh = new GuestShell(c, "bj5")) {
                writeDisk(sh, "DISK-JJJ");
            }
            Cli.Result cp = ok("blockcopy", "bj5", "vda", copy.toString(), "--synchronous-writes", "--wait");
            assertThat(cp.out()).isEqualTo("\nNow in mirroring phase\n");

            // QEMU's own answer: the mirror's dirty bitmap does not record, as in copy-mode write-blocking
            Cli.Result nodes = ok("qemu-monitor-command", "bj5", "{\"execute\":\"query-named-block-nodes\"}");
            Matcher rec = Pattern.compile("\"recording\"\\s*:\\s*(true|false)").matcher(nodes.out());
            assertThat(rec.find()).as(nodes.out()).isTrue();
            assertThat(rec.group(1)).as("the mirror's bitmap").isEqualTo("false");
            assertThat(rec.find()).as("one bitmap only: the mirror's").isFalse();

            // the guest writes 4 MiB: each write reaches the copy before it completes
            long before = c.blockJobs().info("bj5", "vda").end();
            try (GuestShell sh = new GuestShell(c, "bj5")) {
                GuestShell.Result w = sh.run("dd if=/dev/urandom of=/dev/vda bs=1M seek=2 count=4 conv=fsync "
                        + "&& echo W$((0))DONE", Duration.ofSeconds(120));
                assertThat(w.output()).contains("W0DONE");
            }
            // the daemon reads QEMU's progress every 250 ms: a reading taken while the guest wrote
            // counts part of the writes, so wait for the whole of them (or the time to run out)
            BlockJobInfo info = c.blockJobs().info("bj5", "vda");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (info.end() - before < (4L << 20) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                info = c.blockJobs().info("bj5", "vda");
            }
            assertThat(info.end() - before).as("the job counted the guest's writes").isGreaterThanOrEqualTo(4L << 20);
            assertThat(info.cur()).as("and copied them as they were made").isEqualTo(info.end());
            assertThat(info.ready()).isTrue();

            assertThat(ok("blockjob", "bj5", "vda", "--pivot").out()).isEmpty();
            assertThat(c.xml("bj5", false)).contains("<source file='" + copy + "'");
            try (GuestShell sh = new GuestShell(c, "bj5")) {
                assertThat(readDisk(sh, 8)).isEqualTo("DISK-JJJ");
            }
        }
        ok("destroy", "bj5");
        assertThat(run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", base.toString(), copy.toString()))
                .startsWith("exit 0").contains("Images are identical");
        assertCheckClean(copy);
    }

    @Test
    void aReadyCopyAbortedWithoutPivotHoldsTheGuestsLatestWrites() throws Exception {
        Path base = defineWithDataDisk("bj6", "16M");
        ok("start", "bj6");
        Path copy = tmp.resolve("bj6-copy.qcow2");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "bj6", TestGuest.READY);
            ok("blockcopy", "bj6", "vda", copy.toString(), "--wait");
            // the guest writes 8 MiB while the copy is in step; the abort right after must not
            // drop what the mirror had not copied yet (QEMU's block-job-cancel without force
            // copies it first, as libvirt asks; job-cancel would force the cancel)
            try (GuestShell sh = new GuestShell(c, "bj6")) {
                GuestShell.Result w = sh.run("[ -b /dev/vda ] || { rm -f /dev/vda; mknod /dev/vda b "
                        + "$(tr : ' ' < /sys/block/vda/dev); }; dd if=/dev/urandom of=/dev/vda bs=1M seek=4 count=8 "
                        + "conv=fsync 2>/dev/null; echo W$((0))DONE", Duration.ofSeconds(120));
                assertThat(w.output()).contains("W0DONE");
            }
            ok("blockjob", "bj6", "vda", "--abort");
            assertThat(c.xml("bj6", false)).contains("<source file='" + base + "'").doesNotContain(copy.toString());
        }
        ok("destroy", "bj6");
        assertThat(run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", base.toString(), copy.toString()))
                .startsWith("exit 0").contains("Images are identical");
        assertCheckClean(copy);
    }
}
