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
 * The block job verbs against an in-process daemon: virsh's option checks, the refusal on a
 * shut-off domain, and virsh's progress and bandwidth text. Jobs on a running guest are
 * BlockJobIT's.
 */
class BlockJobCommandsTest {
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
        Files.writeString(f, "<domain type='qemu'><name>off</name><memory unit='MiB'>256</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<driver name='qemu' type='qcow2'/><source file='/img/off.qcow2'/><target dev='vda' bus='virtio'/>"
                + "</disk></devices></domain>");
        assertThat(run("define", f.toString()).exit()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        TestDaemons.close(daemon, sock);
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = args[0];
        all[1] = "-c";
        all[2] = sock.toString();
        System.arraycopy(args, 1, all, 3, args.length - 1);
        int rc = cl.execute(Main.hoistConnect(all));
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void everyVerbRefusesAShutOffDomainWithASentence() {
        for (String[] args : new String[][] {{"blockcommit", "off", "vda", "--active"}, {"blockpull", "off", "vda"},
                {"blockcopy", "off", "vda", "/tmp/x.qcow2"}, {"blockjob", "off", "vda"}}) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).startsWith("error: ").contains("'off'").contains("not running");
        }
    }

    @Test
    void virshsOptionChecksComeFirst() {
        Run verbose = run("blockcommit", "off", "vda", "--verbose");
        assertThat(verbose.exit()).isEqualTo(1);
        assertThat(verbose.err()).contains("--verbose requires at least one of --timeout, --wait, --pivot, or "
                + "--keep-overlay");
        Run both = run("blockcommit", "off", "vda", "--pivot", "--keep-overlay");
        assertThat(both.err()).contains("Options --pivot and --keep-overlay are mutually exclusive");
        Run nodest = run("blockcopy", "off", "vda");
        assertThat(nodest.err()).contains("need either --dest or --xml");
    }

    @Test
    void theNewOptionsAreReadAsVirshReadsThem() {
        Run neg = run("blockcopy", "off", "vda", "/tmp/x.qcow2", "--granularity", "-1");
        assertThat(neg.exit()).isEqualTo(1);
        assertThat(neg.err()).contains("Numeric value '-1' for <granularity> option is malformed or out of range");
        Run big = run("blockcopy", "off", "vda", "/tmp/x.qcow2", "--granularity", "4294967296");
        assertThat(big.err()).contains("Numeric value '4294967296' for <granularity> option is malformed");
        Run ok = run("blockcopy", "off", "vda", "/tmp/x.qcow2", "--granularity", "65536", "--buf-size", "1048576",
                "--transient-job", "--synchronous-writes");
        assertThat(ok.err()).as("the options pass; the domain is what is refused").contains("not running");
        Run del = run("blockcommit", "off", "vda", "--delete", "--active");
        assertThat(del.err()).contains("not running");
    }
}
