package io.jvirt.it;

import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon dies (as with kill -9, through JVIRT_TEST_CRASH_AT) in the middle of an external
 * snapshot, a save and a restore; the restarted daemon finds the job record and brings the
 * domain back as it was before (no overlay or save file left, definitions and QEMU agree, the
 * guest runs) or, once a restore has loaded the guest's memory, as after it.
 */
class SnapshotCrashIT extends DaemonTest {
    private Path defineAndStart(String name) throws Exception {
        Path data = tmp.resolve(name + "-data.qcow2");
        assertThat(Cli.run(sock, "img", "create", "-f", "qcow2", data.toString(), "16M").exit()).isZero();
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, TestGuest.xml(name, """
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>""".formatted(data)));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        assertThat(Cli.run(sock, "start", name).exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, name, TestGuest.READY);
        }
        return data;
    }

    private void restartCrashingAt(String at) throws Exception {
        daemon.close();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).env("JVIRT_TEST_CRASH_AT", at).start();
    }

    private void restartPlain() throws Exception {
        daemon.kill9();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
    }

    @Test
    void aCrashBeforeTheDisksSwitchLeavesNoOverlay() throws Exception {
        Path data = defineAndStart("cr1");
        restartCrashingAt("SNAPSHOT:switch");
        Path ov = tmp.resolve("cr1-data.x1");
        Cli.Result r = Cli.run(sock, "snapshot-create-as", "cr1", "x1", "--disk-only", "--diskspec", "vda,file=" + ov);
        assertThat(r.exit()).as("the daemon died mid-way").isNotZero();
        restartPlain();
        assertThat(Files.exists(ov)).as("the overlay made before the crash is removed").isFalse();
        assertThat(Cli.run(sock, "snapshot-list", "cr1", "--name").out()).isEqualTo("\n");
        try (JvirtClient c = daemon.client()) {
            assertThat(c.info("cr1").state()).isEqualTo(DomainState.RUNNING);
            assertThat(c.xml("cr1", false)).contains("<source file='" + data + "'/>").doesNotContain(ov.toString());
            assertThat(c.xml("cr1", true)).contains("<source file='" + data + "'/>");
            try (GuestShell sh = new GuestShell(c, "cr1")) {
                assertThat(sh.run("echo alive", java.time.Duration.ofSeconds(30)).ok()).isTrue();
            }
        }
        assertThat(Files.list(tmp.resolve("state/jobs")).toList()).as("the job record is gone").isEmpty();
        // and the snapshot can be taken now
        Cli.Result again = Cli.run(sock, "snapshot-create-as", "cr1", "x1", "--disk-only", "--diskspec",
                "vda,file=" + ov);
        assertThat(again.exit()).as(again.err()).isZero();
    }

    @Test
    void aCrashBeforeTheSaveImageIsInPlaceLeavesTheGuestRunningAndNoFile() throws Exception {
        defineAndStart("cr2");
        restartCrashingAt("SAVE:rename");
        Path image = tmp.resolve("cr2.save");
        Cli.Result r = Cli.run(sock, "save", "cr2", image.toString());
        assertThat(r.exit()).isNotZero();
        restartPlain();
        assertThat(Files.exists(image)).isFalse();
        assertThat(Files.exists(tmp.resolve("cr2.save.part"))).as("the partial image is removed").isFalse();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.info("cr2").state()).as("the CPUs run again").isEqualTo(DomainState.RUNNING);
            try (GuestShell sh = new GuestShell(c, "cr2")) {
                assertThat(sh.run("echo alive", java.time.Duration.ofSeconds(30)).ok()).isTrue();
            }
        }
    }

    /** Saves a running guest that holds a mark in its memory (a file in its RAM file system). */
    private Path savedWithMark(String name) throws Exception {
        defineAndStart(name);
        try (JvirtClient c = daemon.client(); GuestShell sh = new GuestShell(c, name)) {
            assertThat(sh.run("echo kept-in-ram > /tmp/mark", Duration.ofSeconds(30)).ok()).isTrue();
        }
        Path image = tmp.resolve(name + ".save");
        Cli.Result saved = Cli.run(sock, "save", name, image.toString());
        assertThat(saved.exit()).as(saved.err()).isZero();
        return image;
    }

    private void assertGuestKeptItsMemory(String name) throws Exception {
        try (JvirtClient c = daemon.client()) {
            assertThat(c.info(name).state()).isEqualTo(DomainState.RUNNING);
            try (GuestShell sh = new GuestShell(c, name)) {
                GuestShell.Result r = sh.run("cat /tmp/mark", Duration.ofSeconds(30));
                assertThat(r.output()).as("the guest continues where it was saved, without a reboot")
                        .contains("kept-in-ram");
            }
        }
    }

    @Test
    void aCrashBeforeARestoreLoadedTheMemoryEndsItsQemuAndKeepsTheImage() throws Exception {
        Path image = savedWithMark("cr3");
        String header = Cli.run(sock, "save-image-dumpxml", image.toString()).out();
        restartCrashingAt("RESTORE:load");
        assertThat(Cli.run(sock, "restore", image.toString()).exit()).as("the daemon died mid-way").isNotZero();
        restartPlain();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.info("cr3").state()).as("the QEMU the restore started is gone").isEqualTo(DomainState.SHUTOFF);
        }
        assertThat(Cli.run(sock, "save-image-dumpxml", image.toString()).out()).as("the save image's definition")
                .isEqualTo(header).contains("<name>cr3</name>");
        assertThat(Files.list(tmp.resolve("state/jobs")).toList()).as("the job record is gone").isEmpty();
        Cli.Result again = Cli.run(sock, "restore", image.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertGuestKeptItsMemory("cr3");
    }

    @Test
    void aCrashAfterARestoreLoadedTheMemoryFinishesIt() throws Exception {
        Path image = savedWithMark("cr4");
        restartCrashingAt("RESTORE:run");
        assertThat(Cli.run(sock, "restore", image.toString()).exit()).as("the daemon died mid-way").isNotZero();
        restartPlain();
        assertGuestKeptItsMemory("cr4");
        assertThat(Files.list(tmp.resolve("state/jobs")).toList()).as("the job record is gone").isEmpty();
    }

    private void mark(String name, String text) throws Exception {
        try (JvirtClient c = daemon.client(); GuestShell sh = new GuestShell(c, name)) {
            assertThat(sh.run("echo " + text + " > /tmp/mark", Duration.ofSeconds(30)).ok()).isTrue();
        }
    }

    @Test
    void aCrashWhileRevertingToASnapshotWithMemoryIsFinishedAtTheNextStart() throws Exception {
        defineAndStart("cr5");
        mark("cr5", "at-snapshot");
        Cli.Result taken = Cli.run(sock, "snapshot-create-as", "cr5", "s1");
        assertThat(taken.exit()).as(taken.err()).isZero();
        mark("cr5", "after-snapshot");
        restartCrashingAt("SNAPSHOT_REVERT:load");
        assertThat(Cli.run(sock, "snapshot-revert", "cr5", "s1").exit()).as("the daemon died mid-way").isNotZero();
        restartPlain();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.info("cr5").state()).isEqualTo(DomainState.RUNNING);
            try (GuestShell sh = new GuestShell(c, "cr5")) {
                assertThat(sh.run("cat /tmp/mark", Duration.ofSeconds(30)).output())
                        .as("the guest's memory is the snapshot's").contains("at-snapshot");
            }
        }
        assertThat(Cli.run(sock, "snapshot-current", "cr5", "--name").out().strip()).isEqualTo("s1");
        assertThat(Files.list(tmp.resolve("state/jobs")).toList()).as("the job record is gone").isEmpty();
    }

    @Test
    void aCrashWhileDeletingAnExternalSnapshotInTheMiddleIsFinishedAtTheNextStart() throws Exception {
        Path data = defineAndStart("cr6");
        Path o1 = tmp.resolve("cr6-data.e1");
        Path o2 = tmp.resolve("cr6-data.e2");
        for (String[] snap : new String[][] {{"e1", o1.toString()}, {"e2", o2.toString()}}) {
            Cli.Result r = Cli.run(sock, "snapshot-create-as", "cr6", snap[0], "--disk-only", "--diskspec",
                    "vda,file=" + snap[1]);
            assertThat(r.exit()).as(r.err()).isZero();
        }
        restartCrashingAt("SNAPSHOT_DELETE:e1:define");
        assertThat(Cli.run(sock, "snapshot-delete", "cr6", "e1").exit()).as("the daemon died mid-way").isNotZero();
        restartPlain();
        assertThat(Cli.run(sock, "snapshot-list", "cr6", "--name").out()).isEqualTo("e2\n\n");
        assertThat(Files.exists(o1)).as("the merged overlay is removed").isFalse();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.info("cr6").state()).isEqualTo(DomainState.RUNNING);
            String live = c.xml("cr6", false);
            assertThat(live).contains(o2.toString()).contains(data.toString()).doesNotContain(o1.toString());
            assertThat(Cli.run(sock, "domblklist", "cr6").out()).contains(o2.toString());
            try (GuestShell sh = new GuestShell(c, "cr6")) {
                assertThat(sh.run("echo alive", Duration.ofSeconds(30)).ok()).isTrue();
            }
        }
        assertThat(Files.list(tmp.resolve("state/jobs")).toList()).as("the job record is gone").isEmpty();
        assertThat(Cli.run(sock, "destroy", "cr6").exit()).isZero();
        for (Path p : new Path[] {data, o2}) {
            Process check = new ProcessBuilder("qemu-img", "check", p.toString()).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor()).as(out).isZero();
        }
    }
}
