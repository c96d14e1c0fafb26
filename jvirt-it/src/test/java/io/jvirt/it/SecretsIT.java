package io.jvirt.it;

import static io.jvirt.it.PrivateStateNetworkIT.mode;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A VNC password stays in the daemon's private files and out of what clients see unless they
 * ask: file modes after define, autostart, start, net-define and pool-define; dumpxml with and
 * without --security-info through the CLI and the REST API; edit keeps the password; a state
 * directory an older jvirt left readable is made private at the next start.
 */
class SecretsIT extends DaemonTest {
    private static final String VNC = "<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='pw7x'/>";

    @Test
    void theVncPasswordIsStoredPrivatelyAndShownOnlyWhenAsked() throws Exception {
        Path state = daemon.stateDir;
        Path xml = tmp.resolve("vnc.xml");
        Files.writeString(xml, TestGuest.xml("vnc", VNC));
        assertThat(Cli.run(sock, "define", xml.toString()).exit()).isZero();
        assertThat(Cli.run(sock, "autostart", "vnc").exit()).isZero();
        Path def = state.resolve("domains/vnc.xml");
        awaitFile(def);
        assertThat(Files.readString(def)).as("the store keeps the password").contains("passwd='pw7x'");
        for (String d : List.of("domains", "autostart")) {
            assertThat(mode(state.resolve(d))).as(d).isEqualTo("rwx------");
        }
        for (String f : List.of("domains/vnc.xml", "domains.journal", "autostart/vnc", "jvirtd.lock")) {
            assertThat(mode(state.resolve(f))).as(f).isEqualTo("rw-------");
        }

        // dumpxml: hidden unless --security-info, through the CLI and the REST API
        assertThat(Cli.run(sock, "dumpxml", "vnc").out()).contains("<graphics type='vnc'").doesNotContain("passwd");
        assertThat(Cli.run(sock, "dumpxml", "--inactive", "vnc").out()).doesNotContain("passwd");
        assertThat(Cli.run(sock, "dumpxml", "--security-info", "vnc").out()).contains("passwd='pw7x'");
        try (JvirtClient c = daemon.client()) {
            assertThat(c.xml("vnc", false)).doesNotContain("passwd");
            assertThat(c.xml("vnc", true, true)).contains("passwd='pw7x'");
        }

        Cli.Result start = Cli.run(sock, "start", "vnc");
        assertThat(start.exit()).as(start.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            Path run = state.resolve("run").resolve(c.info("vnc").uuid());
            assertThat(mode(state.resolve("run"))).isEqualTo("rwx------");
            assertThat(mode(run)).isEqualTo("rwx------");
            for (String f : List.of("live.xml", "runtime.json", "qemu.log", "console.log")) {
                assertThat(mode(run.resolve(f))).as(f).isEqualTo("rw-------");
            }
            assertThat(Files.readString(run.resolve("live.xml"))).contains("passwd='pw7x'");
            assertThat(c.xml("vnc", false)).as("the live XML").contains("<graphics").doesNotContain("passwd");
            assertThat(c.xml("vnc", false, true)).contains("passwd='pw7x'");
        }

        // edit works on the document with its secrets, as virsh edit does: the password survives
        Process edit = cli(List.of("edit", "vnc"), "sed -i s|<vcpu>1</vcpu>|<vcpu>2</vcpu>|");
        assertThat(edit.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(edit.exitValue()).as(new String(edit.getInputStream().readAllBytes())).isZero();
        String edited = Cli.run(sock, "dumpxml", "--inactive", "--security-info", "vnc").out();
        assertThat(edited).contains("<vcpu>2</vcpu>").contains("passwd='pw7x'");

        // networks and pools: private definitions and run records; --security-info is understood
        String net = "<network><name>n1</name><bridge name='jvtsec0'/></network>";
        assertThat(Cli.run(sock, "net-define", file("n1.xml", net).toString()).exit()).isZero();
        String pool = "<pool type='dir'><name>p1</name><target><path>" + tmp.resolve("p1") + "</path></target></pool>";
        assertThat(Cli.run(sock, "pool-define", file("p1.xml", pool).toString()).exit()).isZero();
        Cli.Result ps = Cli.run(sock, "pool-start", "--build", "p1");
        assertThat(ps.exit()).as(ps.err()).isZero();
        awaitFile(state.resolve("networks/n1.xml"));
        awaitFile(state.resolve("pools/p1.xml"));
        for (String f : List.of("networks/n1.xml", "networks.journal", "pools/p1.xml", "pools.journal")) {
            assertThat(mode(state.resolve(f))).as(f).isEqualTo("rw-------");
        }
        for (String d : List.of("networks", "networks/autostart", "networks-run", "pools", "pools/autostart", "pools-run")) {
            assertThat(mode(state.resolve(d))).as(d).isEqualTo("rwx------");
        }
        try (Stream<Path> s = Files.list(state.resolve("pools-run"))) {
            Path poolRun = s.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(mode(poolRun)).isEqualTo("rwx------");
            assertThat(mode(poolRun.resolve("live.xml"))).isEqualTo("rw-------");
        }
        assertThat(Cli.run(sock, "net-dumpxml", "--security-info", "n1").out()).contains("<name>n1</name>");
        assertThat(Cli.run(sock, "pool-dumpxml", "--security-info", "p1").out()).contains("<name>p1</name>");

        // an upgrade from a jvirt that left everything readable: the next start makes it private
        daemon.close();
        List<Path> widened = new ArrayList<>();
        for (String top : List.of("domains", "domains.journal", "autostart", "run", "networks", "pools", "pools-run")) {
            try (Stream<Path> s = Files.walk(state.resolve(top))) {
                for (Path p : s.toList()) {
                    if (Files.isDirectory(p)) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                        widened.add(p);
                    } else if (Files.isRegularFile(p)) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
                        widened.add(p);
                    }
                }
            }
        }
        daemon.start();
        assertThat(daemon.log()).contains("private to the daemon's user");
        for (Path p : widened) {
            assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
        try (JvirtClient c = daemon.client()) {
            assertThat(c.xml("vnc", false, true)).as("the running domain was reattached").contains("passwd='pw7x'");
        }
    }

    private Path file(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static void awaitFile(Path p) throws Exception {
        for (int i = 0; i < 100 && !Files.exists(p); i++) {
            Thread.sleep(50);
        }
        assertThat(p).exists();
    }

    /** The CLI in its own process, with an editor: {@code edit} reads $EDITOR, which an in-process run cannot set. */
    private Process cli(List<String> args, String editor) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.jvirt.cli.Main"));
        cmd.add(args.getFirst());
        cmd.addAll(List.of("--connect", sock.toString()));
        cmd.addAll(args.subList(1, args.size()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("VISUAL");
        pb.environment().put("EDITOR", editor);
        return pb.start();
    }
}
