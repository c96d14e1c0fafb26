package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hotplug and live changes against the real busybox guest under QEMU: the guest itself
 * confirms each change (a hot-added disk in /sys/block with its content readable, a hot-added
 * card in /sys/class/net, both gone after a detach, MemTotal through the balloon, a CPU coming
 * online), and bad requests are refused with nothing changed.
 */
class HotplugIT extends DaemonTest {
    private static final Duration GUEST = Duration.ofSeconds(30);
    private static final String MARKER = "JVIRT-HOTPLUG-MARKER-4711";

    /** A raw image of 8 MiB whose first bytes are the marker. */
    private Path markedImage(String name) throws Exception {
        Path img = tmp.resolve(name);
        byte[] data = new byte[8 << 20];
        byte[] m = MARKER.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, data, 0, m.length);
        Files.write(img, data);
        return img;
    }

    private void defineAndStart(String name, String xml) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, xml);
        Cli.Result def = Cli.run(sock, "define", f.toString());
        assertThat(def.exit()).as(def.err()).isZero();
        Cli.Result start = Cli.run(sock, "start", name);
        assertThat(start.exit()).as(start.err()).isZero();
    }

    private static void ok(Cli.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** Runs {@code test} in the guest until it succeeds. */
    private static void guestUntil(GuestShell shell, String test) throws Exception {
        long deadline = System.nanoTime() + GUEST.toNanos();
        GuestShell.Result r = null;
        while (System.nanoTime() < deadline) {
            r = shell.run(test, GUEST);
            if (r.ok()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the guest never saw: " + test + "; last output: " + (r == null ? "" : r.output()));
    }

    /** A guest command that succeeds when a disk with this serial exists (the guest names disks itself). */
    private static String hasDisk(String serial) {
        return "grep -qx " + serial + " /sys/block/*/serial";
    }

    /** A guest command printing the name of the disk with this serial, such as vda. */
    private static String diskNamed(String serial) {
        return "grep -lx " + serial + " /sys/block/*/serial | cut -d/ -f4";
    }

    private List<String> listen(JvirtClient stream) throws InterruptedException {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> {
            try {
                stream.events(e -> seen.add(e.domain() + ":" + e.event() + ":" + e.detail()));
            } catch (RuntimeException closed) {
                // the test closes the stream
            }
        });
        Thread.sleep(200);
        return seen;
    }

    private static void awaitEvent(List<String> seen, String event) throws InterruptedException {
        long deadline = System.nanoTime() + GUEST.toNanos();
        while (System.nanoTime() < deadline && !seen.contains(event)) {
            Thread.sleep(50);
        }
        assertThat(seen).contains(event);
    }

    @Test
    void hotAddedDiskAndCardAppearInTheGuestAndGoAwayAgain() throws Exception {
        Path img = markedImage("extra.raw");
        defineAndStart("hp", TestGuest.xml("hp", ""));
        try (JvirtClient c = daemon.client(); JvirtClient stream = daemon.client()) {
            List<String> seen = listen(stream);
            waitForConsole(c, "hp", TestGuest.READY);
            try (GuestShell shell = new GuestShell(c, "hp")) {
                assertThat(shell.run(hasDisk("HP1"), GUEST).ok()).isFalse();

                Cli.Result attach = Cli.run(sock, "attach-disk", "hp", img.toString(), "vdb", "--subdriver", "raw",
                        "--serial", "HP1", "--live");
                ok(attach);
                assertThat(attach.out()).isEqualTo("Disk attached successfully\n\n");
                guestUntil(shell, hasDisk("HP1"));
                GuestShell.Result content = shell.run("head -c " + MARKER.length() + " /dev/$(" + diskNamed("HP1")
                        + "); echo", GUEST);
                assertThat(content.output()).contains(MARKER);
                awaitEvent(seen, "hp:device-added:virtio-disk1");
                // the live definition has the disk at the PCI slot the assigner gave it
                String live = Cli.run(sock, "dumpxml", "hp").out();
                assertThat(live).contains("<target dev='vdb' bus='virtio'/>").contains(img.toString());
                // --live only: the persistent definition does not have it
                assertThat(Cli.run(sock, "dumpxml", "--inactive", "hp").out()).doesNotContain("vdb");

                // virsh requires a SOURCE and ignores it for type user
                Cli.Result nic = Cli.run(sock, "attach-interface", "hp", "user", "none", "--model", "virtio", "--mac",
                        "52:54:00:4a:11:01", "--live");
                ok(nic);
                assertThat(nic.out()).isEqualTo("Interface attached successfully\n\n");
                guestUntil(shell, "grep -q 52:54:00:4a:11:01 /sys/class/net/*/address");

                Cli.Result detach = Cli.run(sock, "detach-disk", "hp", "vdb", "--live");
                ok(detach);
                assertThat(detach.out()).isEqualTo("Disk detached successfully\n\n");
                assertThat(shell.run(hasDisk("HP1"), GUEST).ok()).as("the disk is gone in the guest").isFalse();
                awaitEvent(seen, "hp:device-removed:virtio-disk1");

                Cli.Result unplug = Cli.run(sock, "detach-interface", "hp", "user", "--mac", "52:54:00:4a:11:01",
                        "--live");
                ok(unplug);
                assertThat(unplug.out()).isEqualTo("Interface detached successfully\n\n");
                assertThat(shell.run("grep -q 52:54:00:4a:11:01 /sys/class/net/*/address", GUEST).ok())
                        .as("the card is gone in the guest").isFalse();
                assertThat(Cli.run(sock, "dumpxml", "hp").out()).doesNotContain("vdb").doesNotContain("52:54:00:4a:11:01");
            }
        }
    }

    @Test
    void aCdromIsEjectedAndRefilledAndTheGuestSeesEachMediumAndTheTrayAndClockEventsCome() throws Exception {
        Path first = markedImage("first.iso");
        Path second = tmp.resolve("second.iso");
        byte[] data = new byte[2 << 20];
        byte[] m = "JVIRT-SECOND-MEDIUM".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, data, 0, m.length);
        Files.write(second, data);
        defineAndStart("cd", TestGuest.xml("cd", """
                <controller type='scsi' model='virtio-scsi'/>
                <disk type='file' device='cdrom'>
                  <driver name='qemu' type='raw'/>
                  <source file='%s'/>
                  <target dev='sda' bus='scsi'/>
                  <readonly/>
                </disk>""".formatted(first)));
        try (JvirtClient c = daemon.client(); JvirtClient stream = daemon.client()) {
            List<String> seen = listen(stream);
            waitForConsole(c, "cd", TestGuest.READY);
            try (GuestShell shell = new GuestShell(c, "cd")) {
                guestUntil(shell, "head -c " + MARKER.length() + " /dev/sr0 | grep -q " + MARKER);

                ok(Cli.run(sock, "change-media", "cd", "sda", "--eject", "--live"));
                awaitEvent(seen, "cd:tray-change:scsi0-0-0-0: opened");
                guestUntil(shell, "! head -c 1 /dev/sr0 >/dev/null 2>&1");
                assertThat(Cli.run(sock, "dumpxml", "cd").out()).doesNotContain(first.toString());

                ok(Cli.run(sock, "change-media", "cd", "sda", second.toString(), "--insert", "--live"));
                awaitEvent(seen, "cd:tray-change:scsi0-0-0-0: closed");
                guestUntil(shell, "head -c 19 /dev/sr0 | grep -q JVIRT-SECOND-MEDIUM");
                assertThat(Cli.run(sock, "dumpxml", "cd").out()).contains(second.toString());

                // the guest sets its hardware clock: libvirt's rtc-change event
                assertThat(shell.run("hwclock -w -u", GUEST).ok()).isTrue();
                long deadline = System.nanoTime() + GUEST.toNanos();
                while (System.nanoTime() < deadline && seen.stream().noneMatch(e -> e.startsWith("cd:rtc-change:"))) {
                    Thread.sleep(50);
                }
                assertThat(seen).anyMatch(e -> e.matches("cd:rtc-change:-?\\d+"));
            }
        }
    }

    @Test
    void configAttachWritesTheAddressIntoTheDefinitionAndTheNextStartHasTheDisk() throws Exception {
        Path img = markedImage("cfg.raw");
        defineAndStart("cf", TestGuest.xml("cf", ""));
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "cf", TestGuest.READY);
            Cli.Result attach = Cli.run(sock, "attach-disk", "cf", img.toString(), "vdb", "--subdriver", "raw",
                    "--live", "--config");
            ok(attach);
            String live = Cli.run(sock, "dumpxml", "cf").out();
            String persistent = Cli.run(sock, "dumpxml", "--inactive", "cf").out();
            String liveAddress = addressOf(live, "vdb");
            assertThat(liveAddress).contains("type='pci'");
            assertThat(addressOf(persistent, "vdb")).as("the same place in both definitions").isEqualTo(liveAddress);
        }
    }

    @Test
    void onQ35ADiskGoesToAFreePcieRootPortAndWithoutOneTheErrorSaysWhatToDo() throws Exception {
        Path img = markedImage("q35.raw");
        // as virt-install leaves it: empty root ports for devices added later
        String xml = TestGuest.xml("qq", """
                <controller type='pci' index='0' model='pcie-root'/>
                <controller type='pci' model='pcie-root-port'/>
                <controller type='pci' model='pcie-root-port'/>
                <controller type='pci' model='pcie-root-port'/>
                <controller type='pci' model='pcie-root-port'/>""").replace("machine='pc'", "machine='q35'");
        defineAndStart("qq", xml);
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "qq", TestGuest.READY);
            String before = Cli.run(sock, "dumpxml", "qq").out();
            long emptyPorts = Pattern.compile("model='pcie-root-port'").matcher(before).results().count();
            try (GuestShell shell = new GuestShell(c, "qq")) {
                ok(Cli.run(sock, "attach-disk", "qq", img.toString(), "vdb", "--subdriver", "raw", "--serial", "Q1",
                        "--live"));
                guestUntil(shell, hasDisk("Q1"));
                assertThat(shell.run("head -c " + MARKER.length() + " /dev/$(" + diskNamed("Q1") + "); echo", GUEST)
                        .output()).contains(MARKER);
            }
            String live = Cli.run(sock, "dumpxml", "qq").out();
            // on a root port's bus (not the root complex), and no controller was added
            assertThat(addressOf(live, "vdb")).doesNotContain("bus='0x00'");
            assertThat(Pattern.compile("model='pcie-root-port'").matcher(live).results().count())
                    .isEqualTo(emptyPorts);
            // fill the other free ports, then one disk more finds none
            int n = 0;
            Cli.Result r;
            do {
                n++;
                r = Cli.run(sock, "attach-disk", "qq", markedImage("q" + n + ".raw").toString(), "vd" + (char) ('b' + n),
                        "--subdriver", "raw", "--live");
            } while (r.exit() == 0 && n < 8);
            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: ").contains("no free place").contains("pcie-root-port");
        }
    }

    private static String addressOf(String xml, String target) {
        Matcher m = Pattern.compile("<target dev='" + target + "'[^>]*/>(?:(?!</disk>).)*?(<address [^>]*/>)",
                Pattern.DOTALL).matcher(xml);
        assertThat(m.find()).as(xml).isTrue();
        return m.group(1);
    }

    @Test
    void setmemShrinksTheGuestThroughTheBalloonAndSetvcpusBringsACpuOnline() throws Exception {
        String xml = TestGuest.xml("mv", "<memballoon model='virtio'/>")
                .replace("<memory unit='MiB'>192</memory>", "<memory unit='MiB'>256</memory>")
                .replace("<vcpu>1</vcpu>", "<vcpu current='1'>2</vcpu>");
        defineAndStart("mv", xml);
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "mv", TestGuest.READY);
            try (GuestShell shell = new GuestShell(c, "mv")) {
                long before = memTotalKiB(shell);
                ok(Cli.run(sock, "setmem", "mv", "160M", "--live"));
                long deadline = System.nanoTime() + GUEST.toNanos();
                long now = before;
                while (System.nanoTime() < deadline && now > before - 80_000) {
                    Thread.sleep(300);
                    now = memTotalKiB(shell);
                }
                assertThat(now).as("MemTotal after setmem 160M (before: %d kB)", before)
                        .isLessThan(before - 80_000);
                Cli.Result stat = Cli.run(sock, "dommemstat", "mv");
                ok(stat);
                assertThat(stat.out()).contains("actual 163840");

                assertThat(shell.run("cat /sys/devices/system/cpu/online", GUEST).output()).contains("0");
                Cli.Result vcpus = Cli.run(sock, "setvcpus", "mv", "2", "--live");
                ok(vcpus);
                guestUntil(shell, "grep -qx 0-1 /sys/devices/system/cpu/online");
                Cli.Result count = Cli.run(sock, "vcpucount", "mv", "--live", "--active");
                ok(count);
                assertThat(count.out().strip()).isEqualTo("2");
            }
        }
    }

    private static long memTotalKiB(GuestShell shell) throws Exception {
        GuestShell.Result r = shell.run("grep MemTotal /proc/meminfo", GUEST);
        Matcher m = Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() throws Exception {
        Path shared = markedImage("shared.raw");
        defineAndStart("owner", TestGuest.xml("owner", """
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='%s'/>
                  <target dev='vdb' bus='virtio'/>
                </disk>""".formatted(shared)));
        defineAndStart("bad", TestGuest.xml("bad", "").replace("<vcpu>1</vcpu>", "<vcpu current='1'>2</vcpu>"));
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "bad", TestGuest.READY);
            String liveBefore = Cli.run(sock, "dumpxml", "bad").out();
            String cfgBefore = Cli.run(sock, "dumpxml", "--inactive", "bad").out();

            Cli.Result taken = Cli.run(sock, "attach-disk", "bad", shared.toString(), "vdb", "--subdriver", "raw",
                    "--live");
            assertThat(taken.exit()).isEqualTo(1);
            assertThat(taken.err()).startsWith("error: ").contains("'owner'").contains(shared.toString());

            Cli.Result missing = Cli.run(sock, "detach-disk", "bad", "vdz", "--live");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).startsWith("error: ").contains("vdz");

            Cli.Result tooMuch = Cli.run(sock, "setmem", "bad", "1G", "--live");
            assertThat(tooMuch.exit()).isEqualTo(1);
            assertThat(tooMuch.err()).startsWith("error: ").contains("max");

            Cli.Result tooMany = Cli.run(sock, "setvcpus", "bad", "3", "--live");
            assertThat(tooMany.exit()).isEqualTo(1);
            assertThat(tooMany.err()).startsWith("error: ").contains("max");

            assertThat(Cli.run(sock, "dumpxml", "bad").out()).isEqualTo(liveBefore);
            assertThat(Cli.run(sock, "dumpxml", "--inactive", "bad").out()).isEqualTo(cfgBefore);
        }
    }

    @Test
    void aDetachThePausedGuestIgnoresTimesOutAndFinishesWhenTheGuestLetsGo() throws Exception {
        Path img = markedImage("slow.raw");
        defineAndStart("sl", TestGuest.xml("sl", ""));
        try (JvirtClient c = daemon.client(); JvirtClient stream = daemon.client()) {
            List<String> seen = listen(stream);
            waitForConsole(c, "sl", TestGuest.READY);
            try (GuestShell shell = new GuestShell(c, "sl")) {
                ok(Cli.run(sock, "attach-disk", "sl", img.toString(), "vdb", "--subdriver", "raw", "--serial", "SL1",
                        "--live"));
                guestUntil(shell, hasDisk("SL1"));
                // a paused guest cannot answer the unplug request
                ok(Cli.run(sock, "suspend", "sl"));
                String liveBefore = Cli.run(sock, "dumpxml", "sl").out();
                Cli.Result detach = Cli.run(sock, "detach-disk", "sl", "vdb", "--live");
                assertThat(detach.exit()).isEqualTo(1);
                assertThat(detach.err()).startsWith("error: ").contains("did not let go").contains("vdb")
                        .contains("unchanged");
                assertThat(Cli.run(sock, "dumpxml", "sl").out()).as("the device stays").isEqualTo(liveBefore);
                assertThat(seen).doesNotContain("sl:device-removed:virtio-disk1");

                ok(Cli.run(sock, "resume", "sl"));
                awaitEvent(seen, "sl:device-removed:virtio-disk1");
                assertThat(Cli.run(sock, "dumpxml", "sl").out()).doesNotContain("vdb");
                guestUntil(shell, "! " + hasDisk("SL1"));
            }
        }
    }
}
