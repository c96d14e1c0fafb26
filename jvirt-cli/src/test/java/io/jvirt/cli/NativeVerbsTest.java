package io.jvirt.cli;

import io.jvirt.client.JvirtClient;
import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.Jvirtd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * domxml-to-native and domxml-from-native against an in-process daemon with the real QEMU: the
 * line printed for a shut-off domain is the one its QEMU then runs with (read back from
 * /proc/PID/cmdline), a running domain's is its QEMU's, and what only a start decides is noted.
 */
class NativeVerbsTest {
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
        all[1] = "--connect";
        all[2] = sock.toString();
        System.arraycopy(args, 1, all, 3, args.length - 1);
        int rc = cl.execute(all);
        return new Run(rc, out.toString(), err.toString());
    }

    private static Path xml(String name, String devices) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + devices + "</devices></domain>");
        return f;
    }

    @Test
    void theLineOfAShutOffDomainIsTheOneItsQemuThenRunsWith() throws Exception {
        Path disk = tmp.resolve("n1.raw");
        Files.write(disk, new byte[1 << 20]);
        Path f = xml("n1", "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + disk
                + "'/><target dev='vda' bus='virtio'/></disk><serial type='pty'/>");
        assertThat(run("define", f.toString()).exit()).isZero();

        Run before = run("domxml-to-native", "qemu-argv", "--domain", "n1");
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(before.out()).startsWith("qemu-system-x86_64 -name guest=n1,debug-threads=on -S ")
                .endsWith("\n").contains(disk.toString());
        try (JvirtClient c = JvirtClient.connect(sock)) {
            List<String> planned = c.toNative("qemu-argv", null, "n1").argv();
            assertThat(run("start", "n1").exit()).isZero();
            long pid = c.info("n1").pid();
            List<String> actual = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                    StandardCharsets.UTF_8).split("\0"));
            assertThat(planned).as("what domxml-to-native printed is what QEMU runs with").isEqualTo(actual);
            assertThat(c.toNative("qemu-argv", null, "n1").argv()).as("the running QEMU's").isEqualTo(actual);
            assertThat(c.toNative("qemu-argv", null, "n1").notes().getFirst()).contains("pid " + pid);
            run("destroy", "n1");
        }
    }

    @Test
    void aFileWithATapCardAndAVncDisplayGetsThePartsAStartDecidesNoted() throws Exception {
        Path f = xml("n2", "<interface type='bridge'><mac address='52:54:00:11:22:33'/><source bridge='br9'/>"
                + "<model type='virtio'/></interface><graphics type='vnc' autoport='yes'/>");
        Run text = run("domxml-to-native", "qemu-argv", f.toString());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("-netdev tap,id=hostnet0,ifname=vnet0,script=no")
                .contains("-vnc ");
        Run json = run("domxml-to-native", "qemu-argv", "--xml", f.toString(), "--json");
        assertThat(json.out()).contains("\"format\" : \"qemu-argv\"")
                .contains("The tap device vnet0 of interface 52:54:00:11:22:33 is named and created")
                .contains("The VNC port is chosen when the domain starts");
        assertThat(run("list", "--all").out()).as("nothing was defined").doesNotContain("n2");
    }

    @Test
    void otherFormatsAndFromNativeAreRefusedWithASentence() throws Exception {
        Path f = xml("n3", "");
        Run xen = run("domxml-to-native", "xen-xl", f.toString());
        assertThat(xen.exit()).isEqualTo(1);
        assertThat(xen.err()).contains("unsupported config type xen-xl");
        Run neither = run("domxml-to-native", "qemu-argv");
        assertThat(neither.exit()).isEqualTo(1);
        assertThat(neither.err()).contains("need either domain or domain XML");
        Path argv = tmp.resolve("argv.txt");
        Files.writeString(argv, "qemu-system-x86_64 -m 64\n");
        Run from = run("domxml-from-native", "qemu-argv", argv.toString());
        assertThat(from.exit()).isEqualTo(1);
        assertThat(from.err()).contains("domxml-from-native is not supported");
    }
}
