package io.jvirt.cli;

import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.Jvirtd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guest agent verbs' arguments and errors against an in-process daemon (no QEMU): virsh's
 * exclusive options, and a shut-off domain or one without an agent channel refused in a
 * sentence. The verbs against a real agent are AgentIT's.
 */
class AgentVerbsTest {
    @TempDir
    static Path tmp;
    static Jvirtd daemon;
    static Path sock;

    record Run(int exit, String out, String err) { }

    @BeforeAll
    static void start() throws Exception {
        sock = tmp.resolve("s.sock");
        daemon = Jvirtd.start(new DaemonConfig(tmp.resolve("state"), sock, "qemu-system-x86_64", null));
        Path f = tmp.resolve("off.xml");
        Files.writeString(f, "<domain type='qemu'><name>off</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><channel type='unix'>"
                + "<target type='virtio' name='org.qemu.guest_agent.0'/></channel></devices></domain>");
        assertThat(run("define", f.toString()).exit()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        TestDaemons.close(daemon, sock);
    }

    static Run run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = args[0];
        all[1] = "--connect";
        all[2] = sock.toString();
        System.arraycopy(args, 1, all, 3, args.length - 1);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(Main.hoistConnect(all));
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void qemuAgentCommandTakesOneWayToWait() {
        Run both = run("qemu-agent-command", "off", "--async", "--block", "{\"execute\":\"guest-info\"}");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("timeout, async and block options are exclusive");
        Run zero = run("qemu-agent-command", "off", "--timeout", "0", "{\"execute\":\"guest-info\"}");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("timeout must be positive");
    }

    @Test
    void domtimeOptionsExcludeEachOther() {
        assertThat(run("domtime", "off", "--now", "--sync").err()).contains("Options --now and --sync are mutually exclusive");
        assertThat(run("domtime", "off", "--time", "5", "--now").err())
                .contains("Options --time and --now are mutually exclusive");
        assertThat(run("domtime", "off", "--time", "5", "--sync").exit()).isEqualTo(2);
    }

    @Test
    void setUserPasswordNeedsBoth() {
        Run r = run("set-user-password", "off", "--user", "root");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("requires <password> option");
    }

    @Test
    void aShutOffDomainIsRefusedInASentence() {
        for (String[] verb : new String[][] {{"guestinfo", "off"}, {"domfsinfo", "off"}, {"domfsfreeze", "off"},
                {"domfsthaw", "off"}, {"domtime", "off"}, {"set-user-password", "off", "root", "pw"},
                {"qemu-agent-command", "off", "{\"execute\":\"guest-info\"}"}, {"domifaddr", "off", "--source", "agent"}}) {
            Run r = run(verb);
            assertThat(r.exit()).as(String.join(" ", verb)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", verb))
                    .isEqualTo("error: Domain 'off' is not running; start it before talking to its guest agent.\n");
        }
    }

    @Test
    void unknownSourcesAndModesAreNamed() {
        Run src = run("domifaddr", "off", "--source", "magic");
        assertThat(src.exit()).isEqualTo(1);
        assertThat(src.err()).contains("Unknown data source 'magic'");
        Run mode = run("shutdown", "off", "--mode", "magic");
        assertThat(mode.exit()).isEqualTo(1);
        assertThat(mode.err()).contains("Unknown shutdown mode 'magic'");
        Run types = run("guestinfo", "off", "--json");
        assertThat(types.exit()).isEqualTo(1);
    }

    @Test
    void guestAgentTimeoutIsKeptForAShutOffDomainAsLibvirtKeepsIt() {
        Run set = run("guest-agent-timeout", "off", "--timeout", "7");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("\n");
        Run block = run("guest-agent-timeout", "off", "--json");
        assertThat(block.out()).as("no --timeout: -2, block").contains("\"timeout\" : -2");
        Run low = run("guest-agent-timeout", "off", "--timeout", "-3");
        assertThat(low.exit()).isEqualTo(1);
        assertThat(low.err()).isEqualTo("error: guest agent timeout '-3' is less than the minimum '-2'.\n");
        Run none = run("guest-agent-timeout", "nosuch", "--timeout", "1");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("nosuch");
    }
}
