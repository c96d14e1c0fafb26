package io.jvirt.cli.clone;

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

/** {@code jvirt clone} against an in-process daemon: exit codes and exact output. No QEMU needed. */
class CloneCommandTest {
    @TempDir
    static Path tmp;
    static Jvirtd daemon;
    static Path sock;
    static Path pool;

    record Run(int exit, String out, String err) { }

    @BeforeAll
    static void start() throws Exception {
        sock = tmp.resolve("s.sock");
        daemon = Jvirtd.start(new DaemonConfig(tmp.resolve("state"), sock, "qemu-system-x86_64", null));
        pool = tmp.resolve("pool");
        Files.createDirectories(pool);
        Path poolXml = tmp.resolve("pool.xml");
        Files.writeString(poolXml, "<pool type='dir'><name>vms</name><target><path>" + pool + "</path></target></pool>");
        Run p = run("pool-create", poolXml.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        Run v = run("vol-create-as", "vms", "web.qcow2", "64M", "--format", "qcow2");
        assertThat(v.exit()).as(v.err()).isZero();
        Path dom = tmp.resolve("web.xml");
        Files.writeString(dom, "<domain type='qemu'><name>web</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<driver name='qemu' type='qcow2'/><source file='" + pool.resolve("web.qcow2") + "'/>"
                + "<target dev='vda' bus='virtio'/></disk></devices></domain>");
        assertThat(run("define", dom.toString()).exit()).isZero();
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
        int rc = cl.execute(all);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void printXmlShowsTheCloneAndMakesNothing() {
        Run r = run("clone", "--original", "web", "--auto-clone", "--print-xml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("<domain type='qemu'>\n  <name>web-clone</name>")
                .contains("<source file='" + pool.resolve("web-clone.qcow2") + "'/>");
        assertThat(pool.resolve("web-clone.qcow2")).doesNotExist();
        assertThat(run("dominfo", "web-clone").exit()).isEqualTo(1);
    }

    @Test
    void debugTellsEachStepOnStderrAndChangesNothingElse() {
        Run r = run("clone", "--original", "web", "--name", "web-dbg", "--file", pool.resolve("web-dbg.qcow2").toString(),
                "--debug", "--quiet");
        try {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().filter(l -> !l.startsWith("    ")))
                    .allSatisfy(l -> assertThat(l).matches("\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\+\\d+ ms\\] DEBUG .+"))
                    .anySatisfy(l -> assertThat(l).contains("DEBUG jvirtd: POST /v1/clones -> 200 ("))
                    .anySatisfy(l -> assertThat(l).matches(".*DEBUG jvirtd planned the clone in \\d+ ms: 1 disk\\(s\\) "
                            + "to copy"))
                    .last().satisfies(l -> assertThat(l).endsWith("DEBUG clone web-dbg defined"));
        } finally {
            run("undefine", "web-dbg");
            run("vol-delete", "--pool", "vms", "web-dbg.qcow2");
        }
    }

    @Test
    void cloneCopiesTheDiskAndDefinesTheDomain() {
        Run r = run("clone", "--original", "web", "--name", "web2", "--file", pool.resolve("w2.qcow2").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).matches("(?s)Cloning 'web'...\nAllocated 'w2.qcow2' \\(full, [0-9.]+ s\\)\n\n"
                + "Clone 'web2' created successfully.\n");
        assertThat(pool.resolve("w2.qcow2")).exists();
        assertThat(run("dominfo", "web2").exit()).isZero();
        assertThat(run("clone", "--original", "web", "--name", "web3", "--auto-clone", "-q").out()).isEmpty();
    }

    @Test
    void mistakesGetOneSentence() {
        Run noName = run("clone", "--original", "web");
        assertThat(noName.exit()).isEqualTo(1);
        assertThat(noName.err()).isEqualTo("error: Either --auto-clone or --file is required; give --auto-clone or one "
                + "--file per disk. A name is required for the new domain; give --name NEW_NAME or --auto-clone.\n");
        Run check = run("clone", "--original", "web", "--auto-clone", "--check", "disk_sizes=off");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).isEqualTo("error: --check disk_sizes=off is not known; use CHECK=off with CHECK one of "
                + "all, path_exists, path_in_use, disk_size, mac_in_use.\n");
        Run missing = run("clone", "--original", "nosuch", "--auto-clone");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nosuch");
        Run linkedReflink = run("clone", "--original", "web", "--auto-clone", "--linked", "--reflink");
        assertThat(linkedReflink.err()).isEqualTo("error: --linked and --reflink exclude each other: an overlay refers "
                + "to the original, a reflink copies it.\n");
    }

    @Test
    void replaceUndefinesTheDomainOfTheNameAndKeepsItsDisks() {
        Run first = run("clone", "--original", "web", "--name", "old", "--file", pool.resolve("old-1.qcow2").toString());
        assertThat(first.exit()).as(first.err()).isZero();
        String oldUuid = uuid("old");
        Run refused = run("clone", "--original", "web", "--name", "old", "--file", pool.resolve("old-2.qcow2").toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: Domain 'old' exists already; choose another --name, or give "
                + "--replace to replace it.\n");
        assertThat(pool.resolve("old-2.qcow2")).doesNotExist();

        Run replaced = run("clone", "--original", "web", "--name", "old", "--file", pool.resolve("old-2.qcow2").toString(),
                "--replace");
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(replaced.out()).endsWith("note: Domain 'old' was replaced: stopped if it ran, and undefined; its "
                + "disks are kept.\n\nClone 'old' created successfully.\n");
        assertThat(uuid("old")).isNotEqualTo(oldUuid);
        assertThat(run("dumpxml", "old").out()).contains(pool.resolve("old-2.qcow2").toString());
        assertThat(pool.resolve("old-1.qcow2")).exists();
    }

    @Test
    void replaceOfItselfAndForceCopyOfAnUnknownDiskAreRefused() {
        Run r = run("clone", "--original", "web", "--name", "web", "--auto-clone", "--replace", "--force-copy", "hdc");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: --replace cannot replace domain 'web' by a clone of itself; choose "
                + "another --name. --force-copy hdc names no disk of domain 'web' (its disks: vda).\n");
    }

    private static String uuid(String name) {
        return run("domuuid", name).out().strip();
    }
}
