package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DhcpLease;
import io.jvirt.client.JvirtClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jvirt install --pxe} end to end: a jvirt network in a namespace of the test's own whose
 * dnsmasq serves DHCP with a boot file and TFTP; QEMU's iPXE option ROM (Debian's ipxe-qemu) asks
 * for the boot file, runs it as an iPXE script, and loads the test guest's kernel and initrd over
 * TFTP. The guest proves it booted so: its kernel command line carries a token that only the
 * script on the TFTP server holds, and the domain has no kernel of its own.
 */
class PxeInstallIT extends NetDaemonTest {
    private static final Pattern MAC = Pattern.compile("<mac address='([0-9a-f:]+)'/>");
    private Path tftp;

    @AfterEach
    void removeTftpRoot() throws Exception {
        if (tftp != null) {
            try (Stream<Path> s = Files.walk(tftp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The TFTP root: world-readable outside the test's private directory, since dnsmasq reads it as its own user. */
    private Path tftpRoot(String token) throws Exception {
        tftp = Files.createTempDirectory("jvirt-pxe-tftp-");
        Files.setPosixFilePermissions(tftp, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : List.of("vmlinuz", "initrd.img")) {
            Files.copy(TestGuest.dir().resolve(f), tftp.resolve(f));
            Files.setPosixFilePermissions(tftp.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Path script = tftp.resolve("boot.ipxe");
        Files.writeString(script, """
                #!ipxe
                kernel tftp://${next-server}/vmlinuz console=ttyS0 panic=-1 quiet jvirt.pxe=%s
                initrd tftp://${next-server}/initrd.img
                boot
                """.formatted(token), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        return tftp;
    }

    @Test
    void aPxeInstallBootsTheGuestFromTheNetworksTftpServerAndDefinesItToBootItsDisk() throws Exception {
        String token = UUID.randomUUID().toString().substring(0, 8);
        Path root = tftpRoot(token);
        String net = """
                <network>
                  <name>pxenet</name>
                  <bridge name='jvpxe0'/>
                  <ip address='10.78.0.1' prefix='24'>
                    <tftp root='%s'/>
                    <dhcp>
                      <range start='10.78.0.100' end='10.78.0.150'/>
                      <bootp file='boot.ipxe'/>
                    </dhcp>
                  </ip>
                </network>
                """.formatted(root);
        assertThat(Cli.run(sock, "net-define", file("pxenet.xml", net).toString()).exit()).isZero();
        Cli.Result started = Cli.run(sock, "net-start", "pxenet");
        assertThat(started.exit()).as(started.err()).isZero();

        Cli.Result r = Cli.run(sock, "install", "--name", "pxe1", "--pxe", "--network", "network=pxenet",
                "--disk", "size=0.05", "--noautoconsole", "--virt-type", "qemu", "--machine", "pc", "--memory", "256",
                "--vcpus", "1", "--graphics", "none", "--osinfo", "linux2020");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).as("the network hands out a boot file").doesNotContain("WARNING");

        try (JvirtClient c = daemon.client()) {
            String live = c.xml("pxe1", false);
            assertThat(live).doesNotContain("<kernel>").doesNotContain("<initrd>")
                    .contains("<boot dev='network'/>\n    <boot dev='hd'/>").contains("<on_reboot>destroy</on_reboot>");
            // iPXE's download of the 14 MB kernel over TFTP takes 10 to 30 s under TCG on a busy machine
            waitForReady(c, "pxe1", Duration.ofMinutes(5));
            try (GuestShell shell = new GuestShell(c, "pxe1")) {
                GuestShell.Result cmdline = shell.run("cat /proc/cmdline", Duration.ofSeconds(60));
                assertThat(cmdline.output()).as("the kernel line of the iPXE script on the TFTP server")
                        .contains("jvirt.pxe=" + token);
            }
            Matcher mac = MAC.matcher(live);
            assertThat(mac.find()).as(live).isTrue();
            assertThat(c.leases("pxenet", null)).as("iPXE asked the network's dnsmasq for its address")
                    .extracting(DhcpLease::mac).contains(mac.group(1));
            String persistent = c.xml("pxe1", true);
            assertThat(persistent).as("the install boot is the first boot only").contains("<boot dev='hd'/>")
                    .doesNotContain("<boot dev='network'/>").doesNotContain("<on_reboot>destroy");
        }
    }

    @Test
    void aDryRunOnANetworkWithoutABootFileWarnsAndCreatesNothing() throws Exception {
        String plain = """
                <network>
                  <name>plainnet</name>
                  <bridge name='jvplain0'/>
                  <ip address='10.79.0.1' prefix='24'>
                    <dhcp><range start='10.79.0.100' end='10.79.0.150'/></dhcp>
                  </ip>
                </network>
                """;
        assertThat(Cli.run(sock, "net-define", file("plainnet.xml", plain).toString()).exit()).isZero();
        Cli.Result r = Cli.run(sock, "install", "--name", "pxe2", "--pxe", "--network", "network=plainnet",
                "--nodisks", "--dry-run", "--virt-type", "qemu", "--memory", "256", "--osinfo", "linux2020");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("WARNING The network 'plainnet' hands out no boot file, so the guest's PXE boot "
                + "may find nothing").contains("Dry run completed successfully");
        try (JvirtClient c = daemon.client()) {
            assertThat(c.listDomains(true)).isEmpty();
        }
    }

    /** Waits for the guest's ready line on its console, as long as the slow network boot needs. */
    private static void waitForReady(JvirtClient c, String name, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        StringBuilder log = new StringBuilder();
        long off = 0;
        while (System.nanoTime() < deadline) {
            byte[] b = c.consoleLog(name, off);
            off += b.length;
            log.append(new String(b, StandardCharsets.UTF_8));
            if (log.indexOf(TestGuest.READY) >= 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " never printed " + TestGuest.READY + " within " + limit + "; console: " + log);
    }
}
