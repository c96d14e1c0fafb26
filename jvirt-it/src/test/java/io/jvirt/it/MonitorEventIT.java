package io.jvirt.it;

import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * qemu-monitor-event with the busybox guest: QEMU's own events, printed as virsh prints them,
 * filtered by domain and by event name (literal, case-blind, regular expression).
 */
class MonitorEventIT extends DaemonTest {

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(sock, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    /** Runs the listener and pokes the domain until the listener has printed its event. */
    private Cli.Result listen(Runnable poke, String... args) throws Exception {
        CompletableFuture<Cli.Result> r = CompletableFuture.supplyAsync(() -> Cli.run(sock, args));
        for (int i = 0; i < 60 && !r.isDone(); i++) {
            Thread.sleep(1000); // the listener's JVM needs a moment to subscribe
            poke.run();
        }
        return r.get(60, TimeUnit.SECONDS);
    }

    @Test
    void qmpEventsAsQemuSentThem() throws Exception {
        Path xml = tmp.resolve("ev.xml");
        Files.writeString(xml, TestGuest.xml("ev", ""));
        ok("define", xml.toString());
        ok("start", "ev");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "ev", TestGuest.READY);
        }
        Cli.Result stop = listen(() -> {
            Cli.run(sock, "suspend", "ev");
            Cli.run(sock, "resume", "ev");
        }, "qemu-monitor-event", "--domain", "ev", "--event", "STOP", "--timeout", "90");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).matches("event STOP at \\d+\\.\\d{6} for domain 'ev': <null>\nevents received: 1\n");

        Cli.Result reset = listen(() -> Cli.run(sock, "reset", "ev"),
                "qemu-monitor-event", "--event", "reset", "--no-case", "--pretty", "--timeout", "90");
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(reset.out()).matches("(?s)event RESET at \\d+\\.\\d{6} for domain 'ev': \\{\n  \"guest\": false,\n"
                + "  \"reason\": \"host-qmp-system-reset\"\n}\nevents received: 1\n");

        Cli.Result resumes = listen(() -> {
            Cli.run(sock, "suspend", "ev");
            Cli.run(sock, "resume", "ev");
        }, "qemu-monitor-event", "--event", "^RES", "--regex", "--loop", "--timeout", "6", "--timestamp");
        assertThat(resumes.exit()).isZero();
        assertThat(resumes.out()).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}: "
                + "event RESUME for domain 'ev': <null>\n").contains("event loop timed out\n")
                .doesNotContain("STOP").containsPattern("events received: [1-9]\\d*\n$");

        Cli.Result nothing = Cli.run(sock, "qemu-monitor-event", "--domain", "ev", "--event", "NEVER", "--timeout", "2");
        assertThat(nothing.exit()).as("virsh fails when no event came").isEqualTo(1);
        assertThat(nothing.out()).isEqualTo("event loop timed out\nevents received: 0\n");
    }
}
