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
 * capabilities, domcapabilities, domjobinfo and domjobabort against an in-process daemon (which
 * asks the installed QEMU) and a shut-off domain: exit codes and output.
 */
class HostCapsCommandsTest {
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
        Files.writeString(xml, "<domain type='qemu'><name>off</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>");
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
    void capabilitiesDescribeThisHostAndItsQemu() throws Exception {
        Run r = run("capabilities", "-c", sock);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("<capabilities>\n\n  <host>\n    <uuid>").endsWith("</capabilities>\n\n\n")
                .contains("<arch>x86_64</arch>", "<secmodel>\n      <model>none</model>",
                        "<emulator>/usr/bin/qemu-system-x86_64</emulator>",
                        "<machine canonical='pc-q35-7.2' maxCpus='288'>q35</machine>", "<domain type='qemu'/>");
        int cpus = (int) Files.list(Path.of("/sys/devices/system/cpu")).filter(p -> p.getFileName().toString()
                .matches("cpu\\d+")).count();
        assertThat(r.out()).contains("<cpus num='" + cpus + "'>");
        Run json = run("capabilities", "-c", sock, "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"host\"", "\"guests\"", "\"machines\"");
    }

    @Test
    void domcapabilitiesOfQ35UnderTcg() {
        Run r = run("domcapabilities", "-c", sock, "--virttype", "qemu", "--machine", "q35");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("<domainCapabilities>\n  <path>/usr/bin/qemu-system-x86_64</path>\n"
                        + "  <domain>qemu</domain>\n  <machine>pc-q35-7.2</machine>\n  <arch>x86_64</arch>\n"
                        + "  <vcpu max='288'/>\n")
                .contains("<mode name='host-passthrough' supported='no'/>", "<value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>",
                        "<model usable='yes' vendor='unknown'>qemu64</model>", "<value>virtiofs</value>",
                        "<value>tpm-crb</value>")
                .endsWith("</domainCapabilities>\n\n\n");
    }

    @Test
    void domcapabilitiesNameEveryBadArgumentAtOnce() {
        Run r = run("domcapabilities", "-c", sock, "--virttype", "xen", "--arch", "aarch64", "--machine", "nope");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: Cannot describe these domains: the virtualization type 'xen' is not "
                + "qemu or kvm; the emulator /usr/bin/qemu-system-x86_64 runs x86_64 guests, not aarch64; the emulator "
                + "/usr/bin/qemu-system-x86_64 has no machine type 'nope'");
    }

    @Test
    void domjobinfoOfADomainWithoutJobs() {
        assertThat(run("domjobinfo", "-c", sock, "off").out()).isEqualTo("Job type:         None        \n\n");
        assertThat(run("domjobinfo", "-c", sock, "off", "--completed").out())
                .isEqualTo("Job type:         None        \n\n");
        assertThat(run("domjobinfo", "-c", sock, "off", "--rawstats").out()).isEqualTo("Job type: 0\n\n\n");
        assertThat(run("domjobinfo", "-c", sock, "off", "--json").out()).contains("\"type\" : \"NONE\"");
        Run keep = run("domjobinfo", "-c", sock, "off", "--keep-completed");
        assertThat(keep.exit()).isEqualTo(2);
        assertThat(keep.err()).contains("Option --keep-completed requires option --completed");
    }

    @Test
    void domjobabortWithoutAJob() {
        Run r = run("domjobabort", "-c", sock, "off");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: Domain 'off' runs no job, so there is nothing to abort.\n");
        assertThat(run("domjobabort", "-c", sock, "off", "--postcopy").exit()).isEqualTo(2);
    }
}
