package io.jvirt.it;

import io.jvirt.api.BlockStats;
import io.jvirt.api.InterfaceStats;
import io.jvirt.client.InspectClient;
import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "looking inside" verbs on the real busybox guest: the guest reads its disk and the
 * counters grow; it sends packets and the card's counters grow; screenshots are real PNG and
 * PPM pictures of its VGA text screen; a key sent with send-key arrives on the guest's
 * keyboard device; a monitor command gets QEMU's answer and taints the domain.
 */
class InspectIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(60);

    @Test
    void countersScreenshotsKeysAndMonitorCommandsOnARunningGuest() throws Exception {
        Path root = tmp.resolve("root.ext4");
        Files.copy(TestGuest.dir().resolve("root.ext4"), root);
        Path overlay = tmp.resolve("vda.qcow2");
        assertThat(Cli.run(sock, "img", "create", "-f", "qcow2", "-b", root.toString(), "-F", "raw",
                overlay.toString()).exit()).isZero();
        String tap = "jvi" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        String xml = TestGuest.xml("look", """
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='%s'/>
                  <target dev='vda' bus='virtio'/></disk>
                <interface type='ethernet'><target dev='%s'/><model type='virtio'/></interface>
                <graphics type='vnc'/>
                <video><model type='vga'/></video>""".formatted(overlay, tap), "root=/dev/vda")
                .replace("<domain type='kvm'>", "<domain type='qemu'>");
        Path f = tmp.resolve("look.xml");
        Files.writeString(f, xml);
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "start", "look");
        assertThat(start.exit()).as(start.err()).isZero();

        Cli.Result list = Cli.run(sock, "domblklist", "look", "--details");
        assertThat(list.out()).isEqualTo("""
                 Type   Device   Target   Source
                %s
                 file   disk     vda      %s

                """.formatted("-".repeat(28 + overlay.toString().length()), overlay));

        try (JvirtClient c = daemon.client(); GuestShell sh = new GuestShell(c, "look")) {
            waitForConsole(c, "look", "JVIRT-GUEST-READY root=vda");
            InspectClient in = new InspectClient(c);

            // the disk: the guest reads 8 MiB past its cache, QEMU counts them
            BlockStats before = in.blockStats("look", "vda");
            assertThat(sh.run("echo 3 > /proc/sys/vm/drop_caches; dd if=/dev/vda of=/dev/null bs=65536 count=128",
                    CMD).ok()).isTrue();
            BlockStats after = in.blockStats("look", "vda");
            assertThat(after.rdBytes() - before.rdBytes()).isGreaterThanOrEqualTo(8L << 20);
            assertThat(after.rdReq()).isGreaterThan(before.rdReq());
            Cli.Result blkstat = Cli.run(sock, "domblkstat", "look", "vda");
            assertThat(blkstat.out()).startsWith("vda rd_req ").contains("\nvda rd_bytes ");

            // the card: the guest sends ARP requests nobody answers; the host's tap receives them
            InterfaceStats netBefore = in.interfaceStats("look", tap);
            assertThat(sh.run("ip link set eth0 up; ip addr add 10.213.7.2/24 dev eth0; "
                    + "ping -c 3 -W 1 10.213.7.1; true", CMD).ok()).isTrue();
            InterfaceStats netAfter = in.interfaceStats("look", tap);
            assertThat(netAfter.txPackets() - netBefore.txPackets()).isGreaterThanOrEqualTo(3);
            assertThat(netAfter.txBytes()).isGreaterThan(netBefore.txBytes());
            Cli.Result ifstat = Cli.run(sock, "domifstat", "look", tap);
            assertThat(ifstat.out()).startsWith(tap + " rx_bytes ").contains(tap + " tx_packets ");

            // domstats: libvirt's layout, the counters of this guest
            Cli.Result stats = Cli.run(sock, "domstats", "look", "--state", "--block", "--interface");
            assertThat(stats.out()).startsWith("Domain: 'look'\n  state.state=1\n  state.reason=1\n  net.count=1\n")
                    .contains("  net.0.name=" + tap + "\n", "  block.0.name=vda\n", "  block.0.capacity=33554432\n");

            // screenshots: the VGA text screen, 720 x 400, as PNG and as PPM
            Path png = tmp.resolve("shot.png");
            Cli.Result shot = Cli.run(sock, "screenshot", "look", png.toString());
            assertThat(shot.out()).isEqualTo("Screenshot saved to " + png + ", with type of image/png\n\n");
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(png));
            assertThat(b.getLong(0)).isEqualTo(0x89504E470D0A1A0AL);
            assertThat(new String(Files.readAllBytes(png), 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
            assertThat(b.getInt(16)).isEqualTo(720);
            assertThat(b.getInt(20)).isEqualTo(400);
            Path ppm = tmp.resolve("shot.ppm");
            assertThat(Cli.run(sock, "screenshot", "look", ppm.toString()).exit()).isZero();
            byte[] p = Files.readAllBytes(ppm);
            String header = "P6\n720 400\n255\n";
            assertThat(new String(p, 0, header.length(), StandardCharsets.US_ASCII)).isEqualTo(header);
            assertThat(p).hasSize(header.length() + 720 * 400 * 3);

            // send-key: the guest's AT keyboard reports KEY_A (code 30) pressed
            GuestShell.Result kbd = sh.run("grep -A5 'AT Translated' /proc/bus/input/devices | grep -o 'event[0-9]*'", CMD);
            Matcher ev = Pattern.compile("event\\d+").matcher(kbd.output().replaceAll(".*grep.*\\n", ""));
            assertThat(ev.find()).as(kbd.output()).isTrue();
            assertThat(sh.run("(dd if=/dev/input/" + ev.group() + " bs=24 count=6 2>/dev/null | od -An -tu2 -w24"
                    + " > /tmp/keys) & sleep 0", CMD).ok()).isTrue();
            Thread.sleep(500);
            Cli.Result key = Cli.run(sock, "send-key", "look", "KEY_A");
            assertThat(key.exit()).as(key.err()).isZero();
            // the six events of a press and a release end the reader
            String seen = sh.run("wait; cat /tmp/keys", CMD).output();
            // struct input_event: 16 bytes of time, then type 1 (EV_KEY), code 30 (KEY_A), value 1 (pressed)
            assertThat(seen).containsPattern("\\s1\\s+30\\s+1\\s+0\\s*\\n");
            Cli.Result badKey = Cli.run(sock, "send-key", "look", "NOT_A_KEY");
            assertThat(badKey.exit()).isEqualTo(1);
            assertThat(badKey.err()).startsWith("error: invalid keycode: 'NOT_A_KEY'");

            // a monitor command: QEMU's own answer, and the domain is tainted
            assertThat(Cli.run(sock, "dominfo", "look").out()).doesNotContain("tainted");
            Cli.Result qmp = Cli.run(sock, "qemu-monitor-command", "look", "{\"execute\":\"query-status\"}");
            assertThat(qmp.out()).startsWith("{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true}");
            Cli.Result hmp = Cli.run(sock, "qemu-monitor-command", "look", "--hmp", "info", "status");
            assertThat(hmp.out()).startsWith("VM status: running");
            assertThat(Cli.run(sock, "dominfo", "look").out())
                    .contains("Messages:       tainted: custom monitor control commands issued\n");
        } finally {
            Cli.run(sock, "destroy", "look");
        }
    }
}
