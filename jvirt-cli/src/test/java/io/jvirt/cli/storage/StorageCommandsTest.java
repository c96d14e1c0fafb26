package io.jvirt.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.cli.Main;
import io.jvirt.cli.TestDaemons;
import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.Jvirtd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The pool-* and vol-* verbs against an in-process daemon: exit codes and exact output. No QEMU needed. */
class StorageCommandsTest {
    @TempDir
    static Path tmp;
    static Jvirtd daemon;
    static Path sock;
    static Path images;

    record Run(int exit, String out, String err) { }

    @BeforeAll
    static void start() throws Exception {
        sock = tmp.resolve("s.sock");
        daemon = Jvirtd.start(new DaemonConfig(tmp.resolve("state"), sock, "qemu-system-x86_64", null));
        images = tmp.resolve("state").resolve("images");
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

    static String ok(String... args) {
        Run r = run(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    @Test
    void volumesOfTheDefaultPool() throws Exception {
        assertThat(ok("vol-create-as", "default", "cmd.qcow2", "10G", "--format", "qcow2"))
                .isEqualTo("Vol cmd.qcow2 created\n\n");
        assertThat(ok("vol-create-as", "default", "cmd.img", "100M", "--allocation", "0"))
                .isEqualTo("Vol cmd.img created\n\n");
        assertThat(ok("vol-info", "--pool", "default", "cmd.img")).matches("""
                Name:           cmd.img
                Type:           file
                Capacity:       100.00 MiB
                Allocation:     [0-9]+[.][0-9]{2} (B|KiB)
                Format:         raw

                """);
        String list = ok("vol-list", "default");
        assertThat(list).startsWith(" Name        Path\n").contains(" cmd.img     " + images.resolve("cmd.img") + "\n")
                .contains(" cmd.qcow2   " + images.resolve("cmd.qcow2") + "\n");
        assertThat(ok("vol-list", "default", "--details")).contains(" Name        Path ").contains("   Type   Capacity     Allocation\n")
                .contains("   file   10.00 GiB   ");
        assertThat(ok("vol-path", images.resolve("cmd.img").toString())).isEqualTo(images.resolve("cmd.img") + "\n\n");
        assertThat(ok("vol-resize", "--pool", "default", "cmd.img", "+1M", "--delta").strip())
                .isEqualTo("Size of volume 'cmd.img' successfully changed to +1M");
        assertThat(ok("vol-info", "--pool", "default", "cmd.img", "--bytes")).contains("Capacity:       105906176\n");
        assertThat(ok("vol-create-as", "default", "x.qcow2", "1G", "--format", "qcow2", "--print-xml")).isEqualTo("""
                <volume>
                  <name>x.qcow2</name>
                  <capacity>1073741824</capacity>
                  <target>
                    <format type='qcow2'/>
                  </target>
                </volume>
                """);
        assertThat(Files.exists(images.resolve("x.qcow2"))).isFalse();

        Path in = tmp.resolve("in.bin");
        byte[] bytes = new byte[3 << 20];
        new java.util.Random(1).nextBytes(bytes);
        java.util.Arrays.fill(bytes, 1 << 20, 2 << 20, (byte) 0);
        Files.write(in, bytes);
        assertThat(ok("vol-upload", "--pool", "default", "cmd.img", in.toString())).isEmpty();
        Path back = tmp.resolve("back.bin");
        assertThat(ok("vol-download", "--pool", "default", "cmd.img", back.toString())).isEmpty();
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
        assertThat(ok("vol-download", "--pool", "default", "cmd.img", back.toString(), "--json"))
                .contains("\"bytes\" : 3145728");
        // a download over an existing, longer file full of other bytes: holes land on old data
        byte[] old = new byte[5 << 20];
        java.util.Arrays.fill(old, (byte) 0xff);
        Files.write(back, old);
        ok("vol-download", "--pool", "default", "cmd.img", back.toString());
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);

        assertThat(ok("vol-clone", "--pool", "default", "cmd.img", "copy.img")).isEqualTo("Vol copy.img cloned from cmd.img\n\n");
        assertThat(ok("vol-wipe", "--pool", "default", "copy.img")).isEqualTo("Vol copy.img wiped\n\n");
        assertThat(ok("vol-delete", "--pool", "default", "copy.img")).isEqualTo("Vol copy.img deleted\n\n");
        Run gone = run("vol-info", "--pool", "default", "copy.img");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("error: Pool 'default' has no volume named 'copy.img'.\n");
        Run bad = run("vol-create-as", "default", "y.img", "12Q");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: The size unit 'Q' is not known");
    }

    @Test
    void volumesFromXmlAndCopies() throws Exception {
        Path vx = tmp.resolve("vx.xml");
        Files.writeString(vx, "<volume><name>fromxml.qcow2</name><capacity unit='M'>64</capacity>"
                + "<target><format type='qcow2'/></target></volume>");
        assertThat(ok("vol-create", "default", vx.toString())).isEqualTo("Vol fromxml.qcow2 created from " + vx + "\n\n");
        Path cx = tmp.resolve("cx.xml");
        Files.writeString(cx, "<volume><name>copy.raw</name><capacity>0</capacity><target><format type='raw'/>"
                + "</target></volume>");
        assertThat(ok("vol-create-from", "default", cx.toString(), "fromxml.qcow2", "--inputpool", "default"))
                .isEqualTo("Vol copy.raw created from input vol fromxml.qcow2\n\n");
        assertThat(ok("vol-info", "--pool", "default", "copy.raw", "--bytes")).contains("Capacity:       67108864\n")
                .contains("Format:         raw\n");
        assertThat(ok("vol-clone", "--pool", "default", "copy.raw", "thin.qcow2", "--overlay"))
                .isEqualTo("Vol thin.qcow2 cloned from copy.raw\n\n");
        assertThat(ok("vol-info", "--pool", "default", "thin.qcow2")).contains("Backing:        " + images.resolve("copy.raw"));
        Run reflink = run("vol-clone", "--pool", "default", "copy.raw", "r.raw", "--reflink");
        if (reflink.exit() != 0) {
            // ext4 and tmpfs cannot share blocks: the refusal says what to do instead
            assertThat(reflink.err()).startsWith("error: The file system of pool 'default' cannot make reflink copies");
        }
        Run both = run("vol-clone", "--pool", "default", "copy.raw", "x.raw", "--reflink", "--overlay");
        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.err()).isEqualTo("error: --reflink and --overlay exclude each other: a reflink copies, an "
                + "overlay refers to the source.\n");
        for (String v : new String[] {"thin.qcow2", "copy.raw", "fromxml.qcow2"}) {
            ok("vol-delete", "--pool", "default", v);
        }
        run("vol-delete", "--pool", "default", "r.raw");
    }

    @Test
    void repeatedUploadsAllSucceed() throws Exception {
        // regression: the daemon answered once the end frame arrived and Jetty closed the connection
        // before the chunked terminator was read, so some uploads failed with a broken pipe
        ok("vol-create-as", "default", "rep.img", "0", "--allocation", "0");
        Path in = tmp.resolve("rep.bin");
        byte[] bytes = new byte[600 << 10];
        new java.util.Random(2).nextBytes(bytes);
        Files.write(in, bytes);
        for (int i = 0; i < 30; i++) {
            Run r = run("vol-upload", "--pool", "default", "rep.img", in.toString());
            assertThat(r.exit()).as("upload " + i + ": " + r.err()).isZero();
        }
        ok("vol-delete", "--pool", "default", "rep.img");
    }

    @Test
    void poolLifecycleOfATransientAndADefinedPool() throws Exception {
        Path dir = tmp.resolve("tp");
        Path xml = tmp.resolve("tp.xml");
        Files.writeString(xml, "<pool type='dir'><name>tp</name><target><path>" + dir + "</path></target></pool>");
        assertThat(ok("pool-create", xml.toString(), "--build")).isEqualTo("Pool tp created from " + xml + "\n\n");
        assertThat(ok("pool-list")).isEqualTo("""
                 Name      State    Autostart
                -------------------------------
                 default   active   yes
                 tp        active   no

                """);
        assertThat(ok("pool-list", "--name")).isEqualTo("default\ntp\n\n");
        Run auto = run("pool-autostart", "tp");
        assertThat(auto.exit()).isEqualTo(1);
        assertThat(auto.err()).isEqualTo("error: Storage pool 'tp' is transient and cannot autostart; define it first.\n");
        assertThat(ok("pool-refresh", "tp")).isEqualTo("Pool tp refreshed\n\n");
        assertThat(ok("pool-destroy", "tp")).isEqualTo("Pool tp destroyed\n\n");
        assertThat(run("pool-info", "tp").exit()).isEqualTo(1);

        assertThat(ok("pool-define", xml.toString())).isEqualTo("Pool tp defined from " + xml + "\n\n");
        assertThat(ok("pool-info", "tp")).startsWith("Name:           tp\nUUID:           ")
                .endsWith("State:          inactive\nPersistent:     yes\nAutostart:      no\n\n");
        assertThat(ok("pool-list", "--all", "--details")).contains(" tp        inactive   no          yes          -  ");
        assertThat(ok("pool-start", "tp")).isEqualTo("Pool tp started\n\n");
        assertThat(ok("pool-autostart", "tp", "--disable")).isEqualTo("Pool tp unmarked as autostarted\n\n");
        assertThat(ok("pool-dumpxml", "tp")).contains("<capacity unit='bytes'>");
        assertThat(ok("pool-dumpxml", "tp", "--inactive")).doesNotContain("<capacity");
        assertThat(ok("pool-destroy", "tp")).isEqualTo("Pool tp destroyed\n\n");
        assertThat(ok("pool-delete", "tp")).isEqualTo("Pool tp deleted\n\n");
        assertThat(ok("pool-undefine", "tp")).isEqualTo("Pool tp has been undefined\n\n");
        Run same = run("pool-define", xml.toString().replace("tp.xml", "none.xml"));
        assertThat(same.exit()).isEqualTo(1);
        assertThat(same.err()).startsWith("error: file ").endsWith("none.xml does not exist.\n");
    }
}
