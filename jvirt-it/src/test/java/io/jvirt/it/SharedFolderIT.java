package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Host directories shared with the guest: a 9p share (QEMU serves it) and a virtiofs share (a
 * virtiofsd jvirtd starts before QEMU and stops with it). The guest mounts both by their tags and
 * reads files the test wrote on the host; a file the guest writes through 9p appears on the
 * host. Runs the test guest on Debian's generic kernel, whose 9p modules the cloud kernel lacks.
 * A share whose virtiofsd is not installed is refused at start, leaving no process behind.
 */
class SharedFolderIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(30);

    private void define(String name, String devices) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, TestGuest.xml(TestGuest.genericDir(), name, devices, ""));
        Cli.Result r = Cli.run(sock, "define", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** The daemon's child processes whose command line mentions {@code text}. */
    private List<ProcessHandle> childrenMentioning(String text) {
        return ProcessHandle.of(daemon.pid()).stream().flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(text)).orElse(false))
                .toList();
    }

    @Test
    void theGuestMountsA9pAndAVirtiofsShareAndReadsWhatTheHostWrote() throws Exception {
        Path nine = Files.createDirectories(tmp.resolve("share9p"));
        Path vfs = Files.createDirectories(tmp.resolve("sharefs"));
        Files.writeString(nine.resolve("hello.txt"), "hello over 9p\n");
        Files.writeString(vfs.resolve("hello.txt"), "hello over virtiofs\n");
        define("fsguest", """
                <filesystem type='mount' accessmode='passthrough'>
                  <driver type='path' wrpolicy='immediate'/>
                  <source dir='%s'/>
                  <target dir='nine'/>
                </filesystem>
                <filesystem type='mount'>
                  <driver type='virtiofs' queue='1024'/>
                  <binary xattr='off'>
                    <cache mode='none'/>
                    <lock posix='off' flock='off'/>
                  </binary>
                  <source dir='%s'/>
                  <target dir='vfs'/>
                </filesystem>""".formatted(nine, vfs));
        Cli.Result start = Cli.run(sock, "start", "fsguest");
        assertThat(start.exit()).as(start.err()).isZero();
        // virtiofsd runs (its sandbox forks a second process)
        assertThat(childrenMentioning("-o source=" + vfs)).as("virtiofsd runs").isNotEmpty();
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "fsguest", TestGuest.READY);
            try (GuestShell sh = new GuestShell(c, "fsguest")) {
                GuestShell.Result m9 = sh.run("mkdir -p /m9 && mount -t 9p -o trans=virtio,version=9p2000.L nine /m9"
                        + " && cat /m9/hello.txt", CMD);
                assertThat(m9.ok()).as(m9.output()).isTrue();
                assertThat(m9.output()).contains("hello over 9p");
                GuestShell.Result mf = sh.run("mkdir -p /mf && mount -t virtiofs vfs /mf && cat /mf/hello.txt", CMD);
                assertThat(mf.ok()).as(mf.output()).isTrue();
                assertThat(mf.output()).contains("hello over virtiofs");
                GuestShell.Result w = sh.run("echo written by the guest > /m9/from-guest.txt && sync", CMD);
                assertThat(w.ok()).as(w.output()).isTrue();
            }
        }
        assertThat(Files.readString(nine.resolve("from-guest.txt"), StandardCharsets.UTF_8))
                .isEqualTo("written by the guest\n");
        assertThat(Cli.run(sock, "destroy", "fsguest").exit()).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!childrenMentioning("-o source=" + vfs).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(childrenMentioning("-o source=" + vfs)).as("virtiofsd stops with the domain").isEmpty();
    }

    @Test
    void aShareWithoutItsVirtiofsdIsRefusedAtStart() throws Exception {
        Path vfs = Files.createDirectories(tmp.resolve("sharefs"));
        define("novfs", """
                <filesystem type='mount'>
                  <driver type='virtiofs'/>
                  <binary path='/nonexistent/virtiofsd'/>
                  <source dir='%s'/>
                  <target dir='vfs'/>
                </filesystem>""".formatted(vfs));
        Cli.Result start = Cli.run(sock, "start", "novfs");
        assertThat(start.exit()).isEqualTo(1);
        assertThat(start.err()).isEqualTo("error: domain 'novfs' cannot start: the virtiofs share 'vfs' needs "
                + "virtiofsd (/nonexistent/virtiofsd), which is not installed; install Debian's qemu-system-common "
                + "package (or the virtiofsd package) or name another with <binary path>.\n");
        assertThat(childrenMentioning(vfs.toString())).isEmpty();
        assertThat(Cli.run(sock, "domstate", "novfs").out()).startsWith("shut off");
        assertThat(listOrEmpty(tmp.resolve("state/run"))).isEmpty();
    }

    static List<Path> listOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
