package io.jvirt.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.cli.Main;
import io.jvirt.cli.TestDaemons;
import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.Jvirtd;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * pool-define-as and pool-create-as against an in-process daemon: exit codes and exact output.
 * The {@code --print-xml} documents are what virsh 9.0's {@code virshBuildPoolXML} writes for the
 * same arguments (read from tools/virsh-pool.c). The fs pool that is built and started lives on a
 * loop device the test attaches (root, as jvirt-storage's FsPoolTest); no QEMU needed.
 */
class PoolAsCommandsTest {
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
        int rc = cl.execute(Main.virshForms(cl, all));
        return new Run(rc, out.toString(), err.toString());
    }

    static String ok(String... args) {
        Run r = run(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    static String refused(int exit, String... args) {
        Run r = run(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.out()).isEqualTo(exit);
        assertThat(r.out()).isEmpty();
        return r.err();
    }

    @Test
    void printXmlOfADirPoolIsVirshsAndDefinesNothing() {
        String virsh = """
                <pool type='dir'>
                  <name>images</name>
                  <target>
                    <path>/var/lib/libvirt/images</path>
                  </target>
                </pool>
                """;
        assertThat(ok("pool-define-as", "images", "dir", "--target", "/var/lib/libvirt/images", "--print-xml"))
                .isEqualTo(virsh);
        assertThat(ok("pool-create-as", "images", "dir", "--target", "/var/lib/libvirt/images", "--print-xml",
                "--build")).isEqualTo(virsh);
        // virsh's positional form: source-host, source-path, source-dev and source-name left out, then the target
        assertThat(ok("pool-define-as", "images", "dir", "-", "-", "-", "-", "/var/lib/libvirt/images",
                "--print-xml")).isEqualTo(virsh);
        // and its named form of NAME and TYPE, in any order
        assertThat(ok("pool-define-as", "--target", "/var/lib/libvirt/images", "--type", "dir", "--name", "images",
                "--print-xml")).isEqualTo(virsh);
        assertThat(refused(1, "pool-info", "images")).contains("images");
        assertThat(ok("pool-list", "--all", "--name")).isEqualTo("default\n\n");
    }

    @Test
    void printXmlOfAnFsPoolIsVirshs() {
        assertThat(ok("pool-create-as", "data", "fs", "--source-dev", "/dev/vdb", "--source-format", "ext4",
                "--target", "/srv/data", "--print-xml")).isEqualTo("""
                <pool type='fs'>
                  <name>data</name>
                  <source>
                    <device path='/dev/vdb'/>
                    <format type='ext4'/>
                  </source>
                  <target>
                    <path>/srv/data</path>
                  </target>
                </pool>
                """);
        assertThat(ok("pool-define-as", "data", "fs", "-", "-", "/dev/vdb", "-", "/srv/data", "--print-xml"))
                .isEqualTo("""
                <pool type='fs'>
                  <name>data</name>
                  <source>
                    <device path='/dev/vdb'/>
                  </source>
                  <target>
                    <path>/srv/data</path>
                  </target>
                </pool>
                """);
    }

    @Test
    void defineAsADirPoolThenBuildAndStartIt() {
        Path dir = tmp.resolve("defined-dir");
        assertThat(ok("pool-define-as", "pda", "dir", "--target", dir.toString())).isEqualTo("Pool pda defined\n\n");
        assertThat(Files.exists(dir)).isFalse();
        assertThat(ok("pool-info", "pda")).contains("State:          inactive\nPersistent:     yes\n");
        assertThat(ok("pool-dumpxml", "pda", "--inactive")).startsWith("<pool type='dir'>\n  <name>pda</name>\n")
                .contains("<target>\n    <path>" + dir + "</path>\n");
        // the XML carries no UUID, so jvirtd's redefinition keeps the pool's (libvirt 9.0 generates one and
        // refuses the redefinition: "pool 'pda' already exists with uuid ...")
        String uuid = ok("pool-info", "pda").lines().filter(l -> l.startsWith("UUID:")).findFirst().orElseThrow();
        assertThat(ok("pool-define-as", "pda", "dir", "--target", dir.toString())).isEqualTo("Pool pda defined\n\n");
        assertThat(ok("pool-info", "pda")).contains(uuid + "\n");
        assertThat(ok("pool-build", "pda")).isEqualTo("Pool pda built\n\n");
        assertThat(ok("pool-start", "pda")).isEqualTo("Pool pda started\n\n");
        assertThat(Files.isDirectory(dir)).isTrue();
        ok("pool-destroy", "pda");
        assertThat(ok("pool-undefine", "pda")).isEqualTo("Pool pda has been undefined\n\n");
    }

    @Test
    void defineAsAnFsPool() {
        Path mnt = tmp.resolve("fs-defined");
        assertThat(ok("pool-define-as", "pdf", "fs", "--source-dev", "/dev/jvirt-no-such-disk", "--target",
                mnt.toString())).isEqualTo("Pool pdf defined\n\n");
        assertThat(ok("pool-dumpxml", "pdf", "--inactive")).startsWith("<pool type='fs'>\n  <name>pdf</name>\n")
                .contains("""
                          <source>
                            <device path='/dev/jvirt-no-such-disk'/>
                            <format type='auto'/>
                          </source>
                          <target>
                            <path>%s</path>
                        """.formatted(mnt));
        assertThat(ok("pool-info", "pdf")).contains("State:          inactive\nPersistent:     yes\n");
        assertThat(Files.exists(mnt)).isFalse();
        ok("pool-undefine", "pdf");
    }

    @Test
    void createAsWithBuildMakesTheTargetDirectory() throws Exception {
        Path dir = tmp.resolve("created").resolve("pool");
        assertThat(refused(1, "pool-create-as", "pca", "dir", "--target", dir.toString())).startsWith("error: ");
        assertThat(refused(1, "pool-info", "pca")).contains("pca");
        assertThat(Files.exists(dir)).isFalse();

        assertThat(ok("pool-create-as", "pca", "dir", "--target", dir.toString(), "--build"))
                .isEqualTo("Pool pca created\n\n");
        assertThat(Files.isDirectory(dir)).isTrue();
        assertThat(ok("pool-info", "pca")).contains("State:          running\nPersistent:     no\n");
        assertThat(ok("vol-create-as", "pca", "v.img", "1M")).isEqualTo("Vol v.img created\n\n");
        assertThat(Files.size(dir.resolve("v.img"))).isEqualTo(1 << 20);
        assertThat(ok("pool-destroy", "pca")).isEqualTo("Pool pca destroyed\n\n");
        assertThat(refused(1, "pool-info", "pca")).contains("pca");
    }

    @Test
    void createAsAnFsPoolOnALoopDeviceBuildsAndMountsIt() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "fs pools need root");
        Path backing = tmp.resolve("fs.raw");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        Path mnt = tmp.resolve("fs-mnt");
        String device = host("losetup", "-f", "--show", backing.toString()).strip();
        try {
            assertThat(ok("pool-create-as", "pcf", "fs", "--source-dev", device, "--source-format", "ext4",
                    "--target", mnt.toString(), "--build")).isEqualTo("Pool pcf created\n\n");
            assertThat(host("blkid", "-o", "value", "-s", "TYPE", device).strip()).isEqualTo("ext4");
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + mnt.toRealPath() + " ");
            assertThat(ok("pool-info", "pcf")).contains("State:          running\nPersistent:     no\n");
            // the device holds a file system now: building again without --overwrite is refused
            assertThat(ok("pool-destroy", "pcf")).isEqualTo("Pool pcf destroyed\n\n");
            assertThat(refused(1, "pool-create-as", "pcf", "fs", "--source-dev", device, "--source-format", "ext4",
                    "--target", mnt.toString(), "--no-overwrite")).startsWith("error: ");
            assertThat(ok("pool-create-as", "pcf", "fs", "--source-dev", device, "--source-format", "ext4",
                    "--target", mnt.toString(), "--overwrite")).isEqualTo("Pool pcf created\n\n");
            assertThat(ok("pool-destroy", "pcf")).isEqualTo("Pool pcf destroyed\n\n");
        } finally {
            while (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mnt + " ")) {
                host("umount", mnt.toString());
            }
            host("losetup", "-d", device);
        }
    }

    @Test
    void typesOtherThanDirAndFsAreRefusedInOneSentence() {
        String sentence = "error: Pool type 'netfs' is not supported; jvirt's storage pools are of type dir or fs.\n";
        assertThat(refused(1, "pool-define-as", "nfs", "netfs", "--source-host", "server", "--source-path",
                "/export", "--target", "/mnt/nfs")).isEqualTo(sentence);
        assertThat(refused(1, "pool-create-as", "nfs", "netfs", "--target", "/mnt/nfs", "--print-xml"))
                .isEqualTo(sentence);
        assertThat(refused(1, "pool-define-as", "vg", "logical", "--source-name", "vg0"))
                .isEqualTo("error: Pool type 'logical' is not supported; jvirt's storage pools are of type dir or fs.\n");
        assertThat(ok("pool-list", "--all", "--name")).isEqualTo("default\n\n");
    }

    @Test
    void missingAndMisplacedArgumentsAreNamed() {
        Run noType = run("pool-define-as", "lonely");
        assertThat(noType.exit()).isEqualTo(2);
        assertThat(noType.err()).startsWith("error: Missing required parameter: 'TYPE'\n");
        assertThat(refused(1, "pool-define-as", "x", "dir"))
                .isEqualTo("error: A dir pool needs --target DIR, the directory its volumes live in.\n");
        assertThat(refused(1, "pool-create-as", "x", "fs", "--target", "/srv/x")).isEqualTo(
                "error: An fs pool needs --source-dev DEVICE, the block device holding its file system.\n");
        assertThat(refused(1, "pool-define-as", "x", "dir", "--source-host", "h", "--source-format", "ext4"))
                .isEqualTo("""
                        error: The arguments have 2 problems:
                          jvirt's dir pools take no --source-host or --source-format; give the pool's directory with --target.
                          A dir pool needs --target DIR, the directory its volumes live in.
                        """);
        assertThat(refused(1, "pool-define-as", "x", "fs", "--source-dev", "dev/vdb", "--source-format", "ntfs",
                "--target", "/srv/x")).isEqualTo("""
                        error: The arguments have 2 problems:
                          --source-format 'ntfs' is not a file system jvirt's fs pools know; use auto, ext4, xfs or btrfs.
                          The source device 'dev/vdb' must be an absolute path without control characters.
                        """);
        assertThat(refused(1, "pool-define-as", ".x", "dir", "--target", "/srv/x")).isEqualTo(
                "error: The pool name '.x' must not start with '.'.\n");
        Run extra = run("pool-define-as", "x", "dir", "-", "-", "-", "-", "/srv/x", "-", "-", "-", "-", "-", "-",
                "-", "-", "-", "-", "-", "-", "-", "-", "extra");
        assertThat(extra.exit()).isEqualTo(2);
        assertThat(extra.err()).startsWith("error: Unmatched argument at index ").contains("'extra'");
        assertThat(refused(1, "pool-create-as", "x", "dir", "--target", "/srv/x", "--overwrite", "--no-overwrite"))
                .isEqualTo("error: --overwrite and --no-overwrite exclude each other; give one of them.\n");
        assertThat(ok("pool-list", "--all", "--name")).isEqualTo("default\n\n");
    }

    @Test
    void argumentsAreCheckedBeforeJvirtdIsContacted() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute("pool-define-as", "x", "iscsi", "--connect", tmp.resolve("nobody.sock").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("error: Pool type 'iscsi' is not supported; jvirt's storage pools are of type dir or fs.\n");
        assertThat(out.toString()).isEmpty();
    }

    private static String host(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }
}
