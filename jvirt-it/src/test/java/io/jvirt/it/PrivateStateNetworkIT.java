package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvirt.client.JvirtClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A network whose daemon keeps its state under a private (0700) directory: dnsmasq, which
 * drops to an unprivileged user, reads its hosts files from the directory jvirt makes for it
 * under /run/jvirt/dnsmasq, at start (a static lease) and after net-update's SIGHUP (a lease
 * added live), also after a daemon restart; a second daemon gets a directory of its own, and
 * nothing is left behind.
 */
class PrivateStateNetworkIT extends NetDaemonTest {
    private static final Pattern DHCP = Pattern.compile("JVIRT-GUEST-DHCP eth0 ([0-9.]+)");
    private static final Path DNSMASQ_RUN = Path.of("/run/jvirt/dnsmasq");

    private static final String NET = """
            <network>
              <name>priv</name>
              <forward mode='nat'/>
              <bridge name='jvtbr3'/>
              <ip address='10.73.0.1' prefix='24'>
                <dhcp>
                  <range start='10.73.0.100' end='10.73.0.150'/>
                  <host mac='52:54:00:73:00:05' ip='10.73.0.5'/>
                </dhcp>
              </ip>
            </network>
            """;

    @Test
    void dnsmasqReadsItsHostsFromItsOwnDirectoryWhileTheStateStaysPrivate() throws Exception {
        assertThat(mode(tmp)).as("the test's temporary directory").isEqualTo("rwx------");
        assertThat(Cli.run(sock, "net-define", file("priv.xml", NET).toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "net-start", "priv");
        assertThat(start.exit()).as(start.err()).isZero();

        String uuid;
        try (JvirtClient c = daemon.client()) {
            uuid = c.network("priv").uuid();
        }
        Path daemonDir = DNSMASQ_RUN.resolve(key(daemon.stateDir));
        Path hosts = daemonDir.resolve(uuid);
        Path run = daemon.stateDir.resolve("networks-run").resolve(uuid);
        String group = groupOfNobody();
        assertThat(Files.getPosixFilePermissions(Path.of("/run/jvirt"))).contains(
                java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        assertThat(mode(DNSMASQ_RUN)).isEqualTo("rwx--x--x");
        assertThat(mode(daemonDir)).isEqualTo("rwx--x--x");
        assertThat(mode(hosts)).isEqualTo("rwxr-x---");
        assertThat(owner(hosts)).isEqualTo("root:" + group);
        try (var s = Files.list(hosts)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("dhcp-hosts", "dns-hosts");
        }
        for (String f : List.of("dhcp-hosts", "dns-hosts")) {
            assertThat(mode(hosts.resolve(f))).as(f).isEqualTo("rw-r-----");
            assertThat(owner(hosts.resolve(f))).as(f).isEqualTo("root:" + group);
        }
        assertThat(mode(run)).isEqualTo("rwx------");
        for (String f : List.of("dnsmasq.conf", "dnsmasq.leases", "live.xml", "runtime.json")) {
            assertThat(mode(run.resolve(f))).as(f).isEqualTo("rw-------");
        }
        // dnsmasq gives its log to its user (0660, group root); the directory keeps everyone else out
        assertThat(mode(run.resolve("dnsmasq.log"))).endsWith("---");
        assertThat(Files.readString(run.resolve("runtime.json"))).contains(hosts.toString());
        assertThat(Files.readString(run.resolve("dnsmasq.conf"))).contains("user=nobody", "group=" + group,
                "dhcp-hostsfile=" + hosts.resolve("dhcp-hosts"), "dhcp-leasefile=" + run.resolve("dnsmasq.leases"));

        try (JvirtClient c = daemon.client()) {
            // the static host was read by dnsmasq as 'nobody' at its start
            Cli.Result g1 = Cli.run(sock, "create", file("g1.xml", guestXml("g1", nic("priv", "52:54:00:73:00:05",
                    null))).toString());
            assertThat(g1.exit()).as(g1.err()).isZero();
            assertThat(leased(c, "g1")).isEqualTo("10.73.0.5");

            // a host added live is read again after SIGHUP, as 'nobody'
            Cli.Result upd = Cli.run(sock, "net-update", "priv", "add", "ip-dhcp-host",
                    "<host mac='52:54:00:73:00:06' ip='10.73.0.6'/>", "--live", "--config");
            assertThat(upd.exit()).as(upd.err()).isZero();
            assertThat(mode(hosts.resolve("dhcp-hosts"))).isEqualTo("rw-r-----");
            Cli.Result g2 = Cli.run(sock, "create", file("g2.xml", guestXml("g2", nic("priv", "52:54:00:73:00:06",
                    null))).toString());
            assertThat(g2.exit()).as(g2.err()).isZero();
            assertThat(leased(c, "g2")).isEqualTo("10.73.0.6");
        }

        // a second daemon with another state directory gets a directory of its own
        Path otherSock = tmp.resolve("other.sock");
        try (DaemonProcess other = new DaemonProcess(tmp.resolve("other-state"), otherSock, ns.name).start()) {
            String net2 = "<network><name>priv2</name><bridge name='jvtbr4'/><ip address='10.74.0.1' prefix='24'>"
                    + "<dhcp><range start='10.74.0.10' end='10.74.0.20'/></dhcp></ip></network>";
            Cli.Result c2 = Cli.run(otherSock, "net-create", file("priv2.xml", net2).toString());
            assertThat(c2.exit()).as(c2.err()).isZero();
            Path otherDir = DNSMASQ_RUN.resolve(key(other.stateDir));
            assertThat(otherDir).isNotEqualTo(daemonDir).isDirectory();
            assertThat(Cli.run(otherSock, "net-destroy", "priv2").exit()).isZero();
            assertThat(otherDir).as("gone with its daemon's last network").doesNotExist();
            assertThat(hosts).isDirectory();
        }

        // after a crash: the restarted daemon reattaches, uses the recorded paths, removes strays
        Path stray = Files.createDirectory(daemonDir.resolve(UUID.randomUUID().toString()));
        long dnsmasq;
        try (JvirtClient c = daemon.client()) {
            dnsmasq = c.network("priv").dnsmasqPid();
        }
        daemon.kill9();
        daemon.start();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.network("priv").dnsmasqPid()).isEqualTo(dnsmasq);
        }
        assertThat(stray).doesNotExist();
        Cli.Result upd = Cli.run(sock, "net-update", "priv", "add", "dns-host",
                "<host ip='10.73.0.200'><hostname>db</hostname></host>", "--live");
        assertThat(upd.exit()).as(upd.err()).isZero();
        assertThat(Files.readString(hosts.resolve("dns-hosts"))).contains("10.73.0.200 db");
        String log = awaitLog(run.resolve("dnsmasq.log"), "read " + hosts.resolve("dns-hosts"), 3);
        assertThat(log).doesNotContain("Permission denied").doesNotContain("cannot read");

        try (JvirtClient c = daemon.client()) {
            c.action("g1", "destroy", Map.of());
            c.action("g2", "destroy", Map.of());
        }
        Cli.Result destroy = Cli.run(sock, "net-destroy", "priv");
        assertThat(destroy.exit()).as(destroy.err()).isZero();
        assertThat(hosts).doesNotExist();
        assertThat(daemonDir).doesNotExist();
        assertThat(run).doesNotExist();
    }

    @Test
    void aNetworkAnOlderJvirtStartedGetsItsDnsmasqMovedOutOfTheStateDirectory() throws Exception {
        String net = "<network><name>old</name><bridge name='jvtbr8'/><ip address='10.75.0.1' prefix='24'>"
                + "<dhcp><range start='10.75.0.10' end='10.75.0.20'/></dhcp></ip></network>";
        Cli.Result create = Cli.run(sock, "net-create", file("old.xml", net).toString());
        assertThat(create.exit()).as(create.err()).isZero();
        String uuid;
        long before;
        try (JvirtClient c = daemon.client()) {
            uuid = c.network("old").uuid();
            before = c.network("old").dnsmasqPid();
        }
        Path run = daemon.stateDir.resolve("networks-run").resolve(uuid);
        Path hosts = DNSMASQ_RUN.resolve(key(daemon.stateDir)).resolve(uuid);
        daemon.kill9();
        // what an older jvirt recorded: no hosts directory (its hosts files were in the run directory)
        ObjectNode rec = (ObjectNode) new ObjectMapper().readTree(run.resolve("runtime.json").toFile());
        rec.remove(List.of("dnsmasqHostsDir", "dnsmasqHostsRoot"));
        Files.writeString(run.resolve("runtime.json"), rec.toString());
        Files.move(hosts.resolve("dhcp-hosts"), run.resolve("dhcp-hosts"));
        Files.move(hosts.resolve("dns-hosts"), run.resolve("dns-hosts"));
        Files.delete(hosts);

        daemon.start();
        long after;
        try (JvirtClient c = daemon.client()) {
            assertThat(c.network("old").active()).isTrue();
            after = c.network("old").dnsmasqPid();
        }
        assertThat(after).isNotEqualTo(before).isPositive();
        assertThat(io.jvirt.sys.ProcStat.read(before).filter(io.jvirt.sys.ProcStat::alive)).isEmpty();
        assertThat(daemon.log()).contains("dnsmasq restarted (pid " + after + ")");
        assertThat(mode(hosts)).isEqualTo("rwxr-x---");
        assertThat(Files.readString(run.resolve("runtime.json"))).contains(hosts.toString());
        Cli.Result upd = Cli.run(sock, "net-update", "old", "add", "dns-host",
                "<host ip='10.75.0.200'><hostname>db</hostname></host>", "--live");
        assertThat(upd.exit()).as(upd.err()).isZero();
        String log = awaitLog(run.resolve("dnsmasq.log"), "read " + hosts.resolve("dns-hosts"), 2);
        assertThat(log).doesNotContain("Permission denied");
        assertThat(Cli.run(sock, "net-destroy", "old").exit()).isZero();
        assertThat(hosts).doesNotExist();
    }

    private static String leased(JvirtClient c, String domain) throws Exception {
        String console = DaemonTest.waitForConsole(c, domain, "JVIRT-GUEST-DHCP eth0 ");
        Matcher m = DHCP.matcher(console);
        assertThat(m.find()).as(console).isTrue();
        return m.group(1);
    }

    /** Waits until dnsmasq's log names {@code line} {@code times} times (once per read); returns the log. */
    private static String awaitLog(Path log, String line, int times) throws Exception {
        String text = "";
        for (int i = 0; i < 100; i++) {
            text = Files.readString(log, StandardCharsets.UTF_8);
            if (text.split(Pattern.quote(line), -1).length - 1 >= times) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("dnsmasq did not read '" + line + "' " + times + " times: " + text);
    }

    /** The daemon's directory name under /run/jvirt/dnsmasq, as the network runtime derives it. */
    static String key(Path stateDir) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(stateDir.toRealPath().toString()
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    private static String groupOfNobody() throws Exception {
        String gid = io.jvirt.sys.Command.run(List.of("id", "-g", "nobody")).stdout().strip();
        return io.jvirt.sys.Command.run(List.of("getent", "group", gid)).stdout().split(":")[0];
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static String owner(Path p) throws Exception {
        return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName() + ":" + Files.getAttribute(p, "posix:group",
                LinkOption.NOFOLLOW_LINKS).toString();
    }
}
