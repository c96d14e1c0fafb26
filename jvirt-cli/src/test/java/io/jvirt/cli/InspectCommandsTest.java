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

/** The inspection verbs against an in-process daemon and a shut-off domain: exit codes and exact output. */
class InspectCommandsTest {
    @TempDir
    static Path tmp;
    static Jvirtd daemon;
    static String sock;

    record Run(int exit, String out, String err) { }

    @BeforeAll
    static void start() throws Exception {
        Path s = tmp.resolve("s.sock");
        daemon = Jvirtd.start(new DaemonConfig(tmp.resolve("state"), s, "qemu-system-x86_64", null));
        sock = s.toString();
        Path xml = tmp.resolve("off.xml");
        Files.writeString(xml, "<domain type='qemu'><name>off</name><memory unit='MiB'>64</memory><vcpu>2</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/d/off.qcow2'/>"
                + "<target dev='vda' bus='virtio'/></disk>"
                + "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>"
                + "</devices></domain>");
        assertThat(run("define", "-c", sock, xml.toString()).exit()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        TestDaemons.close(daemon, Path.of(sock));
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(Main.hoistConnect(args));
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void domblklistOfAShutOffDomainAsVirshPrintsIt() {
        assertThat(run("domblklist", "-c", sock, "off").out()).isEqualTo("""
                 Target   Source
                ------------------------
                 vda      /d/off.qcow2
                 hdc      -

                """);
        assertThat(run("domblklist", "-c", sock, "off", "--details", "--inactive").out()).isEqualTo("""
                 Type   Device   Target   Source
                ----------------------------------------
                 file   disk     vda      /d/off.qcow2
                 file   cdrom    hdc      -

                """);
    }

    @Test
    void domstatsOfAShutOffDomain() {
        Run r = run("domstats", "-c", sock, "--state", "--vcpu", "--block", "off");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                Domain: 'off'
                  state.state=5
                  state.reason=0
                  vcpu.current=2
                  vcpu.maximum=2
                  block.count=2
                  block.0.name=vda
                  block.0.path=/d/off.qcow2
                  block.1.name=hdc

                """);
        assertThat(run("domstats", "-c", sock, "--list-running").out()).isEqualTo("\n");
        assertThat(run("domstats", "-c", sock, "--state", "--list-shutoff", "--list-persistent").out())
                .startsWith("Domain: 'off'\n");
        Run both = run("domstats", "-c", sock, "--list-running", "off");
        assertThat(both.exit()).isEqualTo(2);
    }

    @Test
    void queriesOfAStoppedDomainAndUnknownDomainsAreErrors() {
        Run stat = run("domblkstat", "-c", sock, "off", "vda");
        assertThat(stat.exit()).isEqualTo(1);
        assertThat(stat.err()).isEqualTo("error: domain 'off' is not running.\n");
        assertThat(run("screenshot", "-c", sock, "off").err()).isEqualTo("error: domain 'off' is not running.\n");
        assertThat(run("send-key", "-c", sock, "off", "KEY_A").exit()).isEqualTo(1);
        assertThat(run("qemu-monitor-command", "-c", sock, "off", "--hmp", "--pretty", "info").exit()).isEqualTo(2);
        assertThat(run("domstats", "-c", sock, "nope").exit()).isEqualTo(1);
        assertThat(run("domblkinfo", "-c", sock, "off").exit()).isEqualTo(2);
    }

    @Test
    void nodeVerbsReadThisHost() {
        Run info = run("nodeinfo", "-c", sock);
        assertThat(info.exit()).isZero();
        assertThat(info.out()).startsWith("CPU model:           ").contains("\nCPU(s):              "
                + Runtime.getRuntime().availableProcessors() + "\n");
        assertThat(run("nodememstats", "-c", sock).out()).startsWith("total  :  ").endsWith(" KiB\n\n");
        assertThat(run("nodecpustats", "-c", sock, "0").out()).startsWith("user:  ").contains("\niowait: ");
        assertThat(run("nodecpustats", "-c", sock, "4096").exit()).isEqualTo(1);
    }
}
