package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guest suspends itself to RAM (ACPI S3 under QEMU): the daemon reports it pmsuspended with
 * libvirt's events, {@code dompmwakeup} wakes it, and the guest carries on where it stopped.
 */
class GuestSuspendIT extends DaemonTest {
    private static final Duration GUEST = Duration.ofSeconds(30);

    @Test
    void aGuestThatSuspendsItselfIsPmsuspendedUntilDompmwakeup() throws Exception {
        Path f = tmp.resolve("pm.xml");
        Files.writeString(f, TestGuest.xml("pm", ""));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "start", "pm");
        assertThat(start.exit()).as(start.err()).isZero();
        try (JvirtClient c = daemon.client(); JvirtClient stream = daemon.client()) {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            Thread.ofVirtual().start(() -> {
                try {
                    stream.events(e -> seen.add(e.event() + ":" + e.detail()));
                } catch (RuntimeException closed) {
                    // the test closes the stream
                }
            });
            waitForConsole(c, "pm", TestGuest.READY);
            Cli.Result notSuspended = Cli.run(sock, "dompmwakeup", "pm");
            assertThat(notSuspended.exit()).isEqualTo(1);
            assertThat(notSuspended.err()).contains("domain 'pm' is not suspended by its guest (its state is running)");
            try (GuestShell shell = new GuestShell(c, "pm")) {
                // the shell's answer comes only after the wake-up: start it and do not wait here
                Thread.ofVirtual().start(() -> {
                    try {
                        shell.run("echo mem > /sys/power/state; echo JVIRT-WOKE-$((40 + 2))", GUEST.multipliedBy(2));
                    } catch (Exception e) {
                        // checked below through the console log
                    }
                });
                awaitEvent(seen, "pm-suspend:null");
                assertThat(seen).contains("pmsuspended:memory");
                assertThat(Cli.run(sock, "domstate", "pm").out()).contains("pmsuspended");

                Cli.Result wake = Cli.run(sock, "dompmwakeup", "pm");
                assertThat(wake.exit()).as(wake.err()).isZero();
                assertThat(wake.out()).isEqualTo("Domain 'pm' successfully woken up\n\n");
                awaitEvent(seen, "pm-wakeup:null");
                assertThat(seen).contains("started:wakeup");
                assertThat(Cli.run(sock, "domstate", "pm").out()).contains("running");
                waitForConsole(c, "pm", "JVIRT-WOKE-42"); // the shell ran on after the wake-up
            }
        }
    }

    private static void awaitEvent(List<String> seen, String event) throws InterruptedException {
        long deadline = System.nanoTime() + GUEST.toNanos();
        while (System.nanoTime() < deadline && !seen.contains(event)) {
            Thread.sleep(50);
        }
        assertThat(seen).contains(event);
    }
}
