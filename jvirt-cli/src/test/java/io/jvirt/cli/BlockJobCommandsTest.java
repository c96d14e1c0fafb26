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

    /** What virsh 9.0 printed for the same arguments against a private libvirtd (its end-of-command newline included). */
    @Test
    void printXmlPrintsTheDestinationVirshWouldUseAndStartsNothing() throws Exception {
        Run file = run("blockcopy", "off", "vda", "/tmp/c.qcow2", "--print-xml");
        assertThat(file.exit()).as(file.err()).isZero();
        assertThat(file.out()).isEqualTo("<disk type='file'>\n  <source file='/tmp/c.qcow2'/>\n</disk>\n\n");
        Run raw = run("blockcopy", "off", "vda", "--dest", "rel/c.img", "--format", "raw", "--print-xml");
        assertThat(raw.out()).as("the path as given, not made absolute")
                .isEqualTo("<disk type='file'>\n  <source file='rel/c.img'/>\n  <driver type='raw'/>\n</disk>\n\n");
        Run alias = run("blockcopy", "off", "vda", "--dest", "rel/c.img", "--raw", "--print-xml");
        assertThat(alias.out()).as("--raw is virsh's alias of --format raw").isEqualTo(raw.out());
        assertThat(run("blockcopy", "off", "vda", "--dest", "c.img", "--raw", "--format", "qcow2", "--print-xml").err())
                .contains("error: option --format already provided");
        Run dev = run("blockcopy", "off", "vda", "--dest", "/tmp/a&b'<c>\".img", "--blockdev", "--print-xml");
        assertThat(dev.out()).isEqualTo("<disk type='block'>\n  <source dev='/tmp/a&amp;b&apos;&lt;c&gt;&quot;.img'/>"
                + "\n</disk>\n\n");
        Run devFmt = run("blockcopy", "off", "vda", "--dest", "/dev/sdz", "--blockdev", "--format", "qcow2",
                "--print-xml", "--wait", "--synchronous-writes");
        assertThat(devFmt.out()).isEqualTo("<disk type='block'>\n  <source dev='/dev/sdz'/>\n  <driver type='qcow2'/>"
                + "\n</disk>\n\n");
        Path x = tmp.resolve("dest.xml");
        Files.writeString(x, "<disk type='file'>\n<source file='/x/y'/>\n</disk>");
        Run fromXml = run("blockcopy", "off", "vda", "--xml", x.toString(), "--print-xml");
        assertThat(fromXml.out()).as("the file as it is").isEqualTo("<disk type='file'>\n<source file='/x/y'/>\n</disk>\n");
        assertThat(run("blockcopy", "off", "vdz", "/tmp/c.qcow2", "--print-xml").exit())
                .as("virsh does not look at the disk").isZero();
        assertThat(Path.of("/tmp/c.qcow2")).doesNotExist();
    }

    @Test
    void printXmlKeepsVirshsChecksAndNeedsTheDomain() {
        Path x = tmp.resolve("dest.xml");
        assertThat(run("blockcopy", "off", "vda", "--xml", x.toString(), "--format", "raw", "--print-xml").err())
                .contains("error: Options --format and --xml are mutually exclusive");
        assertThat(run("blockcopy", "off", "vda", "--xml", x.toString(), "--blockdev", "--print-xml").err())
                .contains("error: Options --blockdev and --xml are mutually exclusive");
        assertThat(run("blockcopy", "off", "vda", "/tmp/c", "--print-xml", "--pivot", "--finish").err())
                .contains("error: Options --pivot and --finish are mutually exclusive");
        assertThat(run("blockcopy", "off", "vda", "/tmp/c", "--print-xml", "--verbose").err())
                .contains("error: --verbose requires at least one of --timeout, --wait, --pivot, or --finish");
        assertThat(run("blockcopy", "off", "vda", "/tmp/c", "--print-xml", "--async").err())
                .contains("error: --async requires at least one of --timeout, --wait, --pivot, or --finish");
        assertThat(run("blockcopy", "off", "vda", "--print-xml").err()).contains("error: need either --dest or --xml");
        assertThat(run("blockcopy", "off", "vda", "--xml", "/nonexist.xml", "--print-xml").err())
                .contains("error: Failed to open file '/nonexist.xml': No such file or directory");
        Run none = run("blockcopy", "nosuch", "vda", "/tmp/c", "--print-xml");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("nosuch");
    }
}
