package io.jvirt.it;

import static io.jvirt.it.StorageIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The virt-install default desktop (SPICE with its agent channel, QXL, ICH9 sound, two USB
 * redirection channels) beside a VNC server, booted under TCG through a real jvirtd: the live
 * definition and {@code domdisplay}/{@code vncdisplay} show the ports QEMU really listens on,
 * which answer (VNC's RFB banner), the passwords stay out unless asked for, and the guest sees
 * the QXL card, the HD Audio controller and the SPICE agent's virtio port.
 */
class DisplayIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(30);

    private static final String DESKTOP = """
            <channel type='spicevmc'>
              <target type='virtio' name='com.redhat.spice.0'/>
            </channel>
            <input type='tablet' bus='usb'/>
            <graphics type='spice' autoport='yes' passwd='spicepw'>
              <listen type='address'/>
              <image compression='off'/>
            </graphics>
            <graphics type='vnc' port='-1' autoport='yes' passwd='vncpw'/>
            <sound model='ich9'/>
            <audio id='1' type='spice'/>
            <video>
              <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>
            </video>
            <redirdev bus='usb' type='spicevmc'/>
            <redirdev bus='usb' type='spicevmc'/>
            """;

    @Test
    void spiceDesktopShowsItsLivePortsAndTheGuestSeesItsDevices() throws Exception {
        Path f = tmp.resolve("desk.xml");
        Files.writeString(f, TestGuest.xml("desk", DESKTOP));
        ok(sock, "define", f.toString());
        ok(sock, "start", "desk");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "desk", TestGuest.READY);

            String spice = ok(sock, "domdisplay", "--type", "spice", "desk").out().strip();
            Matcher sm = Pattern.compile("spice://127\\.0\\.0\\.1:(\\d+)").matcher(spice);
            assertThat(sm.matches()).as(spice).isTrue();
            int spicePort = Integer.parseInt(sm.group(1));
            assertThat(spicePort).isBetween(5900, 65535);
            assertThat(ok(sock, "domdisplay", "--type", "spice", "--include-password", "desk").out().strip())
                    .isEqualTo(spice + "?password=spicepw");

            String vncLine = ok(sock, "vncdisplay", "desk").out().strip();
            Matcher vm = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(vncLine);
            assertThat(vm.matches()).as(vncLine).isTrue();
            int vncPort = 5900 + Integer.parseInt(vm.group(1));
            assertThat(vncPort).isNotEqualTo(spicePort);
            // like virsh, VNC comes first
            assertThat(ok(sock, "domdisplay", "desk").out().strip()).isEqualTo("vnc://127.0.0.1:" + vm.group(1));
            assertThat(ok(sock, "domdisplay", "--type", "vnc", "--include-password", "desk").out().strip())
                    .isEqualTo("vnc://:vncpw@127.0.0.1:" + vm.group(1));
            assertThat(ok(sock, "domdisplay", "--all", "desk").out())
                    .isEqualTo("vnc://127.0.0.1:" + vm.group(1) + "\n" + spice + "\n");

            // the live XML shows the ports, the persistent one keeps asking for automatic ones
            String live = ok(sock, "dumpxml", "desk").out();
            assertThat(live).contains("<graphics type='spice' port='" + spicePort + "' autoport='yes' listen='127.0.0.1'>")
                    .contains("<graphics type='vnc' port='" + vncPort + "' autoport='yes' listen='127.0.0.1'>")
                    .doesNotContain("spicepw").doesNotContain("vncpw");
            assertThat(ok(sock, "dumpxml", "--inactive", "desk").out())
                    .contains("<graphics type='spice' autoport='yes'>").contains("<graphics type='vnc' port='-1'");

            // QEMU listens there: VNC greets with its protocol version
            assertThat(greeting(vncPort)).startsWith("RFB 003.008");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", spicePort), 2000);
                assertThat(s.isConnected()).isTrue();
            }

            try (GuestShell g = new GuestShell(c, "desk")) {
                String pci = g.run("for d in /sys/bus/pci/devices/*; do echo \"$(cat $d/vendor):$(cat $d/device)\"; "
                        + "done", CMD).output();
                // QXL (Red Hat 1b36:0100), ICH9 HD Audio (Intel 8086:293e), virtio-serial (1af4:1003)
                assertThat(pci).contains("0x1b36:0x0100").contains("0x8086:0x293e").contains("0x1af4:0x1003");
                assertThat(g.run("cat /sys/class/virtio-ports/*/name", CMD).output()).contains("com.redhat.spice.0");
            }
        }
        ok(sock, "destroy", "desk");
        Cli.Result off = Cli.run(sock, "domdisplay", "desk");
        assertThat(off.exit()).isEqualTo(1);
        assertThat(off.err()).isEqualTo("error: Domain 'desk' is not running.\n");
    }

    /** Reads the first line a server sends after connecting. */
    private static String greeting(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] b = new byte[12];
            int n = in.readNBytes(b, 0, 12);
            return new String(b, 0, n, StandardCharsets.US_ASCII);
        }
    }
}
