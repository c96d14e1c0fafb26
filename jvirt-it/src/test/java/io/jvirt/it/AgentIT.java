package io.jvirt.it;

import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guest agent verbs against Debian's real qemu-ga in the agent flavour of the test guest
 * (booted from its ext4 root disk, so that there is a file system to freeze); the guest
 * confirms each effect (its host name and kernel, a write that waits while frozen, its
 * /etc/shadow, its clock, its addresses, its power-off through the agent).
 */
class AgentIT extends DaemonTest {
    private static final String AGENT_CHANNEL =
            "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>";
    private static final Duration CMD = Duration.ofSeconds(30);

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(sock, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    /** Defines and starts the agent guest on a copy of its root disk, with a user-mode NIC. */
    private void startAgentGuest(String name) throws Exception {
        Path dir = TestGuest.agentDir();
        Path root = tmp.resolve(name + "-root.raw");
        Files.copy(dir.resolve("root.ext4"), root);
        String xml = TestGuest.xml(dir, name, """
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <interface type='user'><mac address='52:54:00:6a:00:01'/><model type='virtio'/></interface>
                %s""".formatted(root, AGENT_CHANNEL), "root=/dev/vda jvirt.dhcp=1");
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, xml);
        ok("define", f.toString());
        ok("start", name);
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'" + regex + "' in: " + text).isTrue();
        return m.group(1);
    }

    @Test
    void theVerbsWorkAgainstTheRealAgentAndTheGuestSeesTheirEffects() throws Exception {
        startAgentGuest("ga1");
        try (JvirtClient c = daemon.client()) {
            String boot = waitForConsole(c, "ga1", "JVIRT-GUEST-READY root=vda");
            assertThat(boot).contains("JVIRT-GUEST-AGENT vport");
            try (GuestShell sh = new GuestShell(c, "ga1")) {
                String kernel = field(sh.run("echo \"K=$(uname -r)\"", CMD).output(), "K=(\\d\\S*)");

                // guestinfo: libvirt's typed parameters, virsh's layout
                String info = ok("guestinfo", "ga1", "--hostname", "--os").out();
                assertThat(info).contains("hostname            : jvirt-guest\n")
                        .contains("os.kernel-release   : " + kernel + "\n")
                        .contains("os.id               : jvirt\n").endsWith("\n\n");
                // every group: the fields virsh 9.0 printed for this guest, in its order
                String all = ok("guestinfo", "ga1").out();
                assertThat(all.lines().map(l -> l.split(" ")[0]).takeWhile(f -> !f.equals("if.count")).toList())
                        .containsExactly("user.count", "os.id", "os.name", "os.pretty-name", "os.version-id",
                                "os.machine", "os.kernel-release", "os.kernel-version", "timezone.name",
                                "timezone.offset", "hostname", "fs.count", "fs.0.name", "fs.0.mountpoint",
                                "fs.0.fstype", "fs.0.total-bytes", "fs.0.used-bytes", "fs.0.disk.count",
                                "fs.0.disk.0.alias", "fs.0.disk.0.device", "disk.count", "disk.0.name",
                                "disk.0.partition", "disk.0.alias");
                assertThat(all).contains("user.count          : 0\n").contains("fs.0.disk.0.alias   : vda\n")
                        .contains("disk.0.partition    : no\n").contains("if.0.name           : lo\n");

                // qemu-agent-command as written, compact and pretty
                assertThat(ok("qemu-agent-command", "ga1", "{\"execute\":\"guest-get-host-name\"}").out())
                        .isEqualTo("{\"return\":{\"host-name\":\"jvirt-guest\"}}\n\n");
                assertThat(ok("qemu-agent-command", "ga1", "--pretty", "{\"execute\":\"guest-get-host-name\"}").out())
                        .isEqualTo("{\n  \"return\": {\n    \"host-name\": \"jvirt-guest\"\n  }\n}\n\n\n");
                Cli.Result unknown = Cli.run(sock, "qemu-agent-command", "ga1", "{\"execute\":\"guest-nope\"}");
                assertThat(unknown.exit()).isEqualTo(1);
                assertThat(unknown.err()).contains("unable to execute QEMU agent command 'guest-nope'");

                // domfsinfo: the root file system on the domain's disk vda
                assertThat(ok("domfsinfo", "ga1").out()).isEqualTo(" Mountpoint   Name   Type   Target\n"
                        + "------------------------------------\n /            vda    ext4   vda\n\n");

                // domfsfreeze: a write in the guest waits until domfsthaw
                assertThat(ok("domfsfreeze", "ga1").out()).isEqualTo("Froze 1 filesystem(s)\n\n");
                assertThat(ok("qemu-agent-command", "ga1", "{\"execute\":\"guest-fsfreeze-status\"}").out())
                        .isEqualTo("{\"return\":\"frozen\"}\n\n");
                sh.send("(echo FROZEN-WRITE > /probe && echo \"WRITE-$((40+2))-DONE\") &");
                Thread.sleep(3000);
                assertThat(consoleSince(c, "ga1")).as("the write waited while frozen").doesNotContain("WRITE-42-DONE");
                assertThat(ok("domfsthaw", "ga1").out()).isEqualTo("Thawed 1 filesystem(s)\n\n");
                waitForConsole(c, "ga1", "WRITE-42-DONE");
                assertThat(sh.run("cat /probe", CMD).output()).contains("FROZEN-WRITE");
                Cli.Result thawList = Cli.run(sock, "domfsthaw", "ga1", "--mountpoint", "/");
                assertThat(thawList.exit()).isEqualTo(1);
                assertThat(thawList.err()).contains("specifying mountpoints is not supported");

                // set-user-password: the guest's /etc/shadow holds a hash of the new password
                assertThat(ok("set-user-password", "ga1", "root", "s3cret").out())
                        .isEqualTo("Password set successfully for root in ga1\n");
                String check = sh.run("h=$(sed -n 's/^root:\\([^:]*\\):.*/\\1/p' /etc/shadow); "
                        + "s=$(echo \"$h\" | cut -d'$' -f3); "
                        + "[ \"$(mkpasswd -m sha512 s3cret \"$s\")\" = \"$h\" ] && echo \"PW-$((1+1))-MATCH\"", CMD)
                        .output();
                assertThat(check).contains("PW-2-MATCH");
                String hash = "$6$jvirtsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
                ok("set-user-password", "ga1", "--user", "root", "--password", hash, "--encrypted");
                assertThat(sh.run("grep '^root:' /etc/shadow", CMD).output()).contains("root:" + hash + ":");

                // domtime: read, set to a time, sync from the hardware clock
                long guestNow = Long.parseLong(field(ok("domtime", "ga1").out(), "Time: (\\d+)"));
                assertThat(Math.abs(guestNow - Instant.now().getEpochSecond())).isLessThan(120);
                ok("domtime", "ga1", "--time", "1000000000");
                long set = Long.parseLong(field(sh.run("echo \"D=$(date +%s)\"", CMD).output(), "D=(\\d+)"));
                assertThat(set).isBetween(1000000000L, 1000000000L + 60);
                assertThat(ok("domtime", "ga1", "--pretty").out()).startsWith("Time: 2001-09-09 01:4");
                // qemu-ga writes a time it sets into the hardware clock as well (hwclock -w): --now puts
                // both back to the host's time
                ok("domtime", "ga1", "--now");
                long now = Long.parseLong(field(sh.run("echo \"D=$(date +%s)\"", CMD).output(), "D=(\\d+)"));
                assertThat(Math.abs(now - Instant.now().getEpochSecond())).isLessThan(120);
                // --sync sets the guest's clock from its hardware clock: move the clock alone in the guest first
                sh.run("date -s @1000000000 >/dev/null", CMD);
                ok("domtime", "ga1", "--sync");
                long synced = Long.parseLong(field(sh.run("echo \"D=$(date +%s)\"", CMD).output(), "D=(\\d+)"));
                assertThat(Math.abs(synced - Instant.now().getEpochSecond())).isLessThan(120);

                // domifaddr --source agent: the guest's own addresses, as it reports them
                String guestIp = field(sh.run("for i in 1 2 3 4 5 6 7 8 9 10; do ip -4 -o addr show eth0 | grep -q inet "
                        + "&& break; sleep 1; done; echo \"A=$(ip -4 -o addr show eth0 | awk '{print $4}')\"", CMD)
                        .output(), "A=(\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+)");
                String addrs = ok("domifaddr", "ga1", "--source", "agent").out();
                assertThat(addrs).startsWith(" Name       MAC address          Protocol     Address\n");
                assertThat(addrs).containsPattern("(?m)^ lo\\s+00:00:00:00:00:00\\s+ipv4\\s+127\\.0\\.0\\.1/8$");
                assertThat(addrs).containsPattern("(?m)^ eth0\\s+52:54:00:6a:00:01\\s+ipv4\\s+"
                        + Pattern.quote(guestIp) + "$");

                // snapshot-create-as --quiesce: frozen for the switch, thawed after
                Path overlay = tmp.resolve("ga1-root.quiesced");
                ok("snapshot-create-as", "ga1", "q1", "--disk-only", "--quiesce", "--diskspec", "vda,file=" + overlay);
                assertThat(overlay).exists();
                assertThat(ok("qemu-agent-command", "ga1", "{\"execute\":\"guest-fsfreeze-status\"}").out())
                        .isEqualTo("{\"return\":\"thawed\"}\n\n");
                assertThat(sh.run("echo AFTER-SNAP > /after && sync && cat /after", CMD).output())
                        .contains("AFTER-SNAP");
            }

            // reboot --mode agent: the guest's own shutdown -r runs, and it boots again in the same QEMU
            // (and the agent-lifecycle event: qemu-ga lets go of its channel as the guest goes down)
            CompletableFuture<Cli.Result> agentEvent = CompletableFuture.supplyAsync(() -> Cli.run(sock, "event",
                    "--domain", "ga1", "--event", "agent-lifecycle", "--timeout", "90"));
            Thread.sleep(3000); // the event verb's JVM subscribes
            long pid = c.info("ga1").pid();
            assertThat(ok("reboot", "ga1", "--mode", "agent").out()).isEqualTo("Domain 'ga1' is being rebooted\n\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String log = "";
            while (System.nanoTime() < deadline) {
                log = new String(c.consoleLog("ga1", 0), StandardCharsets.UTF_8);
                int reboot = log.indexOf("JVIRT-GUEST-SHUTDOWN reboot");
                if (reboot >= 0 && log.indexOf("JVIRT-GUEST-READY root=vda", reboot) >= 0) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(log).contains("JVIRT-GUEST-SHUTDOWN reboot");
            assertThat(log.substring(log.indexOf("JVIRT-GUEST-SHUTDOWN reboot"))).contains("JVIRT-GUEST-READY root=vda");
            assertThat(c.info("ga1").pid()).isEqualTo(pid);
            Cli.Result event = agentEvent.get(90, TimeUnit.SECONDS);
            assertThat(event.exit()).as(event.err()).isZero();
            assertThat(event.out()).startsWith("event 'agent-lifecycle' for domain 'ga1': state: 'disconnected' "
                    + "reason: 'channel event'\n");

            // shutdown --mode agent: the guest's shutdown runs (it says so on its console, read
            // while the command waits), and the domain is off
            long offset = c.consoleLog("ga1", 0).length;
            StringBuilder tail = new StringBuilder();
            CompletableFuture<Cli.Result> off = CompletableFuture.supplyAsync(
                    () -> Cli.run(sock, "shutdown", "ga1", "--mode", "agent", "--timeout", "60"));
            while (!off.isDone()) {
                try {
                    byte[] b = c.consoleLog("ga1", offset);
                    offset += b.length;
                    tail.append(new String(b, StandardCharsets.UTF_8));
                } catch (JvirtClientException gone) {
                    break; // QEMU has ended
                }
                Thread.sleep(20);
            }
            Cli.Result r = off.get();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Domain 'ga1' is shut off\n\n");
            assertThat(c.info("ga1").state()).isEqualTo(DomainState.SHUTOFF);
            assertThat(tail).contains("JVIRT-GUEST-SHUTDOWN poweroff");
        }
    }

    @Test
    void dompmsuspendPutsTheGuestToSleepThroughItsAgentAndDompmwakeupWakesIt() throws Exception {
        startAgentGuest("ga4");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "ga4", "JVIRT-GUEST-READY root=vda");
            Cli.Result duration = Cli.run(sock, "dompmsuspend", "ga4", "mem", "--duration", "30");
            assertThat(duration.exit()).isEqualTo(1);
            assertThat(duration.err()).contains("a --duration is not supported");
            Cli.Result target = Cli.run(sock, "dompmsuspend", "ga4", "nap");
            assertThat(target.exit()).isEqualTo(1);
            assertThat(target.err()).contains("The suspend target must be mem, disk or hybrid, not 'nap'.");

            assertThat(ok("dompmsuspend", "ga4", "mem").out()).isEqualTo("Domain 'ga4' successfully suspended\n\n");
            assertThat(ok("domstate", "ga4").out()).startsWith("pmsuspended");
            assertThat(ok("dompmwakeup", "ga4").out()).isEqualTo("Domain 'ga4' successfully woken up\n\n");
            assertThat(ok("domstate", "ga4").out()).startsWith("running");
            // the guest carries on where it was: its shell and its agent answer again. The serial
            // port may drop the first keystrokes typed while the guest is still waking ("sh: o: not
            // found" for "echo"), so the shell is asked again until it answers, within CMD
            try (GuestShell sh = new GuestShell(c, "ga4")) {
                long deadline = System.nanoTime() + CMD.toNanos();
                String out = sh.run("echo AWAKE$((0))", CMD).output();
                while (!out.contains("AWAKE0") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    out = sh.run("echo AWAKE$((0))", CMD).output();
                }
                assertThat(out).contains("AWAKE0");
            }
            assertThat(ok("qemu-agent-command", "ga4", "{\"execute\":\"guest-ping\"}").out()).contains("return");
        }
    }

    @Test
    void aGuestAgentTimeoutBoundsTheWaitForAnAgentTheGuestStopped() throws Exception {
        startAgentGuest("ga3");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "ga3", "JVIRT-GUEST-READY root=vda");
            assertThat(ok("guest-agent-timeout", "ga3", "--timeout", "2").out()).isEqualTo("\n");
            assertThat(ok("guest-agent-timeout", "ga3", "--timeout", "2", "--json").out())
                    .contains("\"timeout\" : 2").contains("\"domain\" : \"ga3\"");
            try (GuestShell sh = new GuestShell(c, "ga3")) {
                // the guest stops its agent: it reads nothing more from its channel
                assertThat(sh.run("kill -STOP $(pidof qemu-ga) && echo STOP$((0))PED", CMD).output())
                        .contains("STOP0PED");
                long t0 = System.nanoTime();
                Cli.Result slow = Cli.run(sock, "domtime", "ga3");
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(slow.exit()).isEqualTo(1);
                assertThat(slow.err()).startsWith("error: Guest agent is not responding: ")
                        .contains("did not answer within 2 s");
                assertThat(took).as("the domain's 2 s, not the sync's 5 s").isLessThan(Duration.ofMillis(4500))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));

                Cli.Result bad = Cli.run(sock, "guest-agent-timeout", "ga3", "--timeout", "-3");
                assertThat(bad.exit()).isEqualTo(1);
                assertThat(bad.err()).contains("guest agent timeout '-3' is less than the minimum '-2'.");

                // the agent goes on: the guest's clock comes back through it
                ok("guest-agent-timeout", "ga3", "--timeout", "-1");
                assertThat(sh.run("kill -CONT $(pidof qemu-ga) && echo CONT$((0))INUED", CMD).output())
                        .contains("CONT0INUED");
                long guestNow = Long.parseLong(field(sh.run("echo \"T=$(date +%s)\"", CMD).output(), "T=(\\d+)"));
                long reported = Long.parseLong(field(ok("domtime", "ga3").out(), "Time: (\\d+)"));
                assertThat(reported).isBetween(guestNow - 5, guestNow + 30);
            }
        }
    }

    private long consoleMark;

    /** The console output since the last call. */
    private String consoleSince(JvirtClient c, String name) {
        byte[] b = c.consoleLog(name, 0);
        String all = new String(b, StandardCharsets.UTF_8);
        String since = all.substring((int) Math.min(consoleMark, all.length()));
        consoleMark = all.length();
        return since;
    }

    @Test
    void withoutAnAgentTheVerbsFailClearly() throws Exception {
        // a channel, but no qemu-ga in the (default) guest: it times out with libvirt's words
        Path f = tmp.resolve("noga.xml");
        Files.writeString(f, TestGuest.xml("noga", AGENT_CHANNEL));
        ok("define", f.toString());
        ok("start", "noga");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "noga", TestGuest.READY);
        }
        long t0 = System.nanoTime();
        Cli.Result silent = Cli.run(sock, "guestinfo", "noga");
        assertThat(silent.exit()).isEqualTo(1);
        assertThat(silent.err()).startsWith("error: Guest agent is not responding: ")
                .contains("is qemu-ga running in the guest?");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        Cli.Result off = Cli.run(sock, "shutdown", "noga", "--mode", "agent");
        assertThat(off.exit()).isEqualTo(1);
        assertThat(off.err()).contains("was not shut down through its guest agent").contains("--mode acpi");

        // no channel at all: refused at once, and --quiesce makes no overlay
        Path g = tmp.resolve("nochan.xml");
        Path disk = tmp.resolve("nochan.raw");
        Files.copy(TestGuest.dir().resolve("root.ext4"), disk);
        Files.writeString(g, TestGuest.xml("nochan", """
                <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='%s'/>
                <target dev='vda' bus='virtio'/></disk>""".formatted(disk)));
        ok("define", g.toString());
        ok("start", "nochan");
        Cli.Result none = Cli.run(sock, "domtime", "nochan");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).startsWith("error: QEMU guest agent is not configured: domain 'nochan'");
        Path overlay = tmp.resolve("nochan.overlay");
        Cli.Result quiesce = Cli.run(sock, "snapshot-create-as", "nochan", "q", "--disk-only", "--quiesce",
                "--diskspec", "vda,file=" + overlay);
        assertThat(quiesce.exit()).isEqualTo(1);
        assertThat(quiesce.err()).contains("QEMU guest agent is not configured: domain 'nochan'");
        assertThat(overlay).doesNotExist();
        assertThat(ok("snapshot-list", "nochan", "--name").out()).isEqualTo("\n");
    }
}
