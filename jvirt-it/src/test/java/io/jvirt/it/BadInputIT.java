package io.jvirt.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets one clear sentence and a non-zero exit, and changes nothing. */
class BadInputIT {
    @TempDir
    Path tmp;
    DaemonProcess daemon;
    Path sock;

    @BeforeEach
    void start() throws Exception {
        sock = tmp.resolve("jvirtd.sock");
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
    }

    @AfterEach
    void stop() throws Exception {
        Cli.run(sock, "destroy", "good");
        daemon.close();
    }

    private Cli.Result define(String xml) throws Exception {
        Path f = tmp.resolve("in-" + UUID.randomUUID() + ".xml");
        Files.writeString(f, xml);
        return Cli.run(sock, "define", f.toString());
    }

    private void assertRefused(Cli.Result r, String... fragments) throws Exception {
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).startsWith("error: ");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    private String domainFiles() throws Exception {
        try (var s = Files.list(daemon.stateDir.resolve("domains"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }

    @Test
    void refusesBadDefinitionsAndChangesNothing() throws Exception {
        assertThat(define(TestGuest.xml("good", "")).exit()).isZero();
        Path goodFile = daemon.stateDir.resolve("domains/good.xml");
        for (int i = 0; i < 300 && !Files.exists(goodFile); i++) {
            Thread.sleep(10); // the XML file follows the journal within about a second
        }
        String before = domainFiles();
        String listBefore = Cli.run(sock, "list", "--all").out();

        assertRefused(define("<domain type='kvm'><name>x</name>"), "line");
        assertRefused(define(TestGuest.xml("x", "<frobnicator/>")), "frobnicator");
        assertRefused(define(TestGuest.xml("a/b", "")), "/");
        assertRefused(define(TestGuest.xml("zero", "").replace("<memory unit='MiB'>192</memory>",
                "<memory unit='MiB'>0</memory>")));
        assertRefused(define(TestGuest.xml("huge", "").replace("<memory unit='MiB'>192</memory>",
                "<memory unit='TiB'>64</memory>")), "memory");
        String goodXml = Cli.run(sock, "dumpxml", "good").out();
        String uuid = goodXml.replaceAll("(?s).*<uuid>([^<]+)</uuid>.*", "$1");
        assertRefused(define(TestGuest.xml("other", "").replace("<name>other</name>",
                "<name>other</name><uuid>" + uuid + "</uuid>")), uuid, "good");
        String otherUuid = UUID.randomUUID().toString();
        assertRefused(define(TestGuest.xml("good", "").replace("<name>good</name>",
                "<name>good</name><uuid>" + otherUuid + "</uuid>")), "already exists");
        assertRefused(Cli.run(sock, "define", tmp.resolve("missing.xml").toString()), "does not exist");

        assertThat(domainFiles()).isEqualTo(before);
        assertThat(Cli.run(sock, "list", "--all").out()).isEqualTo(listBefore);
    }

    @Test
    void refusesImpossibleStarts() throws Exception {
        TestGuest.dir();
        assertThat(define(TestGuest.xml("nokernel", "").replaceFirst("<kernel>[^<]+</kernel>",
                "<kernel>/nonexistent/vmlinuz</kernel>")).exit()).isZero();
        assertRefused(Cli.run(sock, "start", "nokernel"), "/nonexistent/vmlinuz", "does not exist");
        assertThat(Cli.run(sock, "domstate", "nokernel").out()).startsWith("shut off");
        assertThat(Files.list(daemon.stateDir.resolve("run")).toList()).isEmpty();

        assertThat(define(TestGuest.xml("good", "")).exit()).isZero();
        assertThat(Cli.run(sock, "start", "good").exit()).isZero();
        assertRefused(Cli.run(sock, "start", "good"), "already running");
        assertRefused(Cli.run(sock, "dominfo", "no-such"), "no-such");
        assertRefused(Cli.run(sock, "resume", "good"), "not paused");
    }

    @Test
    void refusesSocketsThatAreNotStale() throws Exception {
        // a live daemon on the socket
        String refused = new DaemonProcess(tmp.resolve("state2"), sock).startExpectingRefusal();
        assertThat(refused).startsWith("exit 1").contains("error: a jvirtd is already listening on " + sock);
        assertThat(Cli.run(sock, "list").exit()).isZero();
        // a foreign file where the socket should be
        Path foreign = tmp.resolve("foreign.sock");
        Files.writeString(foreign, "not a socket");
        String foreignRefused = new DaemonProcess(tmp.resolve("state3"), foreign).startExpectingRefusal();
        assertThat(foreignRefused).startsWith("exit 1").contains("is not a socket");
        assertThat(Files.readString(foreign)).isEqualTo("not a socket");
        // nothing answers on a path: a clear error from the CLI
        Cli.Result r = Cli.run(tmp.resolve("nobody.sock"), "list");
        assertRefused(r, "cannot connect to jvirtd");
    }

    @Test
    void staleSocketIsReplaced() throws Exception {
        daemon.kill9();
        assertThat(sock).exists();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
        assertThat(Cli.run(sock, "list").exit()).isZero();
    }
}
