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
 * The hotplug and live-change verbs against an in-process daemon, on shut-off domains (the
 * persistent definition; no QEMU needed): virsh's output, exit codes and errors, and what the
 * definition becomes. The running side is HotplugServiceTest's and HotplugIT's.
 */
class LiveCommandsTest {
    @TempDir
    static Path tmp;
    static Jvirtd daemon;
    static Path sock;

    record Run(int exit, String out, String err) { }

    @BeforeAll
    static void start() throws Exception {
        sock = tmp.resolve("s.sock");
        daemon = Jvirtd.start(new DaemonConfig(tmp.resolve("state"), sock, "qemu-system-x86_64", null));
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

    static void define(String name) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>256</memory>"
                + "<vcpu current='1'>2</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
                + "<devices><memballoon model='virtio'/></devices></domain>");
        Run r = run("define", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    static String inactive(String name) {
        return run("dumpxml", "--inactive", name).out();
    }

    @Test
    void attachAndDetachDiskWithConfigChangeTheDefinitionWithAnAddress() throws Exception {
        define("disks");
        Path img = Files.createFile(tmp.resolve("d1.raw"));
        Run attach = run("attach-disk", "disks", img.toString(), "vdb", "--subdriver", "raw", "--config");
        assertThat(attach.exit()).as(attach.err()).isZero();
        assertThat(attach.out()).isEqualTo("Disk attached successfully\n\n");
        assertThat(inactive("disks")).contains("<source file='" + img + "'/>")
                .containsPattern("<target dev='vdb' bus='virtio'/>\\s*<address type='pci' domain='0x0000' bus='0x00' "
                        + "slot='0x0[0-9a-f]' function='0x0'/>");

        Run twice = run("attach-disk", "disks", img.toString(), "vdb", "--config");
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).startsWith("error: ").contains("already has a disk vdb");

        Run detach = run("detach-disk", "disks", "vdb", "--config");
        assertThat(detach.exit()).as(detach.err()).isZero();
        assertThat(detach.out()).isEqualTo("Disk detached successfully\n\n");
        assertThat(inactive("disks")).doesNotContain("vdb");

        Run missing = run("detach-disk", "disks", "vdz", "--config");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ").contains("vdz");
    }

    @Test
    void aLiveChangeOfAShutOffDomainIsRefused() throws Exception {
        define("off");
        String before = inactive("off");
        Run r = run("attach-disk", "off", "/nope.raw", "vdb", "--live");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("is not running");
        assertThat(inactive("off")).isEqualTo(before);
        Run both = run("setmem", "off", "128M", "--current", "--live");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("Options --current and --live are mutually exclusive");
    }

    @Test
    void printXmlWritesTheDiskVirshWould() {
        Run r = run("attach-disk", "any", "/images/a.qcow2", "vdc", "--subdriver", "qcow2", "--cache", "none",
                "--print-xml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("<disk type='file'").contains("<driver type='qcow2' cache='none'/>")
                .contains("<source file='/images/a.qcow2'/>").contains("<target dev='vdc'/>");
    }

    @Test
    void memoryAndVcpusOfTheDefinition() throws Exception {
        define("res");
        assertThat(run("setmem", "res", "128M", "--config").exit()).isZero();
        assertThat(inactive("res")).contains("<currentMemory unit='KiB'>131072</currentMemory>");
        Run above = run("setmem", "res", "1G", "--config");
        assertThat(above.exit()).isEqualTo(1);
        assertThat(above.err()).startsWith("error: ").contains("maximum memory");

        assertThat(run("setmaxmem", "res", "512M", "--config").exit()).isZero();
        assertThat(inactive("res")).contains("<memory unit='KiB'>524288</memory>");

        Run count = run("vcpucount", "res");
        assertThat(count.exit()).as(count.err()).isZero();
        assertThat(count.out()).isEqualTo("maximum      config         2\ncurrent      config         1\n\n");
        assertThat(run("setvcpus", "res", "2", "--config").exit()).isZero();
        Run tooMany = run("setvcpus", "res", "3", "--config");
        assertThat(tooMany.exit()).isEqualTo(1);
        assertThat(tooMany.err()).startsWith("error: ").contains("greater than max");
        assertThat(run("setvcpus", "res", "4", "--config", "--maximum").exit()).isZero();
        assertThat(run("vcpucount", "res", "--maximum", "--config").out()).isEqualTo("4\n\n");
    }

    @Test
    void domrenameRenamesAShutOffDomain() throws Exception {
        define("before");
        Run r = run("domrename", "before", "after");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Domain successfully renamed\n\n");
        assertThat(run("dominfo", "after").exit()).isZero();
        assertThat(run("dominfo", "before").exit()).isEqualTo(1);
    }
}
