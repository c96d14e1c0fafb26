package io.jvirt.cli.blockjob;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.cli.Main;
import io.jvirt.cli.TestDaemons;
import io.jvirt.client.JvirtClient;
import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.Jvirtd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C while {@code blockcommit --wait} waits, as virsh handles it: the job is aborted
 * through the daemon's REST API and the verb says "Commit aborted" and fails. Once with the
 * interrupt seam in process (no terminal, no signal), once with a real SIGINT sent to a
 * {@code jvirt} JVM of its own. The domain is a real QEMU (no guest: firmware only) whose disk
 * is a chain of three qcow2 images; a commit of the middle one is throttled so that it is still
 * running when the interrupt comes, and the chain is the same after the abort.
 */
class BlockJobInterruptTest {
    @TempDir
    static Path tmp;
    static Jvirtd daemon;
    static Path sock;

    @BeforeAll
    static void start() throws Exception {
        sock = tmp.resolve("s.sock");
        daemon = Jvirtd.start(new DaemonConfig(tmp.resolve("state"), sock, "qemu-system-x86_64", null));
    }

    @AfterAll
    static void stop() throws Exception {
        TestDaemons.close(daemon, sock);
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    /** A running domain on top <- mid <- base, with 8 MiB of data in mid. */
    private static Path[] running(String name) throws Exception {
        Path base = tmp.resolve(name + "-base.qcow2");
        Path mid = tmp.resolve(name + "-mid.qcow2");
        Path top = tmp.resolve(name + "-top.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "32M");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", mid.toString());
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 8M", mid.toString());
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", mid.toString(), "-F", "qcow2", top.toString());
        Path xml = tmp.resolve(name + ".xml");
        Files.writeString(xml, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<driver name='qemu' type='qcow2'/><source file='" + top + "'/><target dev='vda' bus='virtio'/>"
                + "</disk></devices></domain>");
        assertThat(cli("define", xml.toString())).isZero();
        assertThat(cli("start", name)).isZero();
        return new Path[] {top, mid, base};
    }

    private static int cli(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = args[0];
        all[1] = "--connect";
        all[2] = sock.toString();
        System.arraycopy(args, 1, all, 3, args.length - 1);
        int rc = cl.execute(all);
        assertThat(err.toString()).as(String.join(" ", args)).doesNotContain("error");
        return rc;
    }

    @Test
    void anInterruptDuringTheWaitAbortsTheJobThroughTheApi() throws Exception {
        Path[] chain = running("intr1");
        try (JvirtClient c = JvirtClient.connect(sock)) {
            c.blockJobs().commit("intr1", "vda", chain[2].toString(), chain[1].toString(), Set.of(),
                    64L << 10);
            AtomicInteger polls = new AtomicInteger();
            StringWriter err = new StringWriter();

            BlockJobWait.End end = BlockJobWait.await(c, "intr1", "vda", "Block commit", true, 0, false,
                    new PrintWriter(err, true), () -> polls.incrementAndGet() > 2);

            assertThat(end).isEqualTo(BlockJobWait.End.CANCELED);
            assertThat(err.toString()).startsWith("\rBlock commit: [");
            BlockJobInfo info = awaitEnd(c, "intr1");
            assertThat(info.result()).isEqualTo(BlockJobInfo.CANCELED);
            assertThat(c.xml("intr1", false)).contains(chain[0].toString()).contains(chain[1].toString());
        }
    }

    @Test
    void aRealSigintMakesTheVerbAbortTheJobAndSaySo() throws Exception {
        Path[] chain = running("intr2");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        // env --default-signal=INT: a shell without job control starts its background commands with
        // SIGINT ignored, and an ignored SIGINT is inherited and cannot be caught (CI runs that way)
        Process p = new ProcessBuilder("env", "--default-signal=INT", javaBin.toString(), "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(), "blockcommit", "-c", sock.toString(), "intr2", "vda", "--top",
                chain[1].toString(), "--base", chain[2].toString(), "--bandwidth", "65536", "--bytes", "--wait",
                "--verbose").start();
        // the verb's stderr is read to its end on a thread of its own, so its progress lines never fill the pipe
        StringBuffer err = new StringBuffer();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (var in = p.getErrorStream()) {
                for (int ch = in.read(); ch >= 0; ch = in.read()) {
                    err.append((char) ch);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        try {
            // wait until the verb waits (its first progress line), then press Ctrl-C
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!err.toString().contains("Block commit: [") && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(err.toString()).contains("Block commit: [");
            run("kill", "-INT", Long.toString(p.pid()));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the verb ends after Ctrl-C; its stderr: %s", err).isTrue();
            reader.join(5000);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).isEqualTo("\nCommit aborted\n");
            assertThat(p.exitValue()).isEqualTo(1);
            try (JvirtClient c = JvirtClient.connect(sock)) {
                assertThat(awaitEnd(c, "intr2").result()).isEqualTo(BlockJobInfo.CANCELED);
                String live = c.xml("intr2", false);
                for (Path f : List.of(chain)) {
                    assertThat(live).contains(f.toString());
                }
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static BlockJobInfo awaitEnd(JvirtClient c, String domain) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        BlockJobInfo info = c.blockJobs().info(domain, "vda");
        while (info.active() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            info = c.blockJobs().info(domain, "vda");
        }
        return info;
    }
}
