package io.jvirt.it;

import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Base of the end-to-end tests: a real jvirtd process on a private socket and state
 * directory per test, and every domain it still runs destroyed afterwards.
 */
abstract class DaemonTest {
    @TempDir
    Path tmp;
    DaemonProcess daemon;
    Path sock;

    @BeforeEach
    void startDaemon() throws Exception {
        TestGuest.dir();
        sock = tmp.resolve("jvirtd.sock");
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (!destroyAll()) {
            // the test stopped or killed the daemon (and may have failed before starting it again):
            // domains outlive their daemon, so a new one on the same state finds them to destroy
            daemon.close();
            try {
                daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
                destroyAll();
            } catch (Exception | AssertionError e) {
                System.err.println("DaemonTest: no daemon could clean up after the test: " + e);
            }
        }
        daemon.close();
    }

    /** Destroys every running domain; false when no daemon answers. */
    private boolean destroyAll() {
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (DomainInfo d : c.listDomains(false)) {
                c.action(d.name(), "destroy", Map.of());
            }
            return true;
        } catch (RuntimeException gone) {
            return false;
        }
    }

    /** Waits until the domain's console shows {@code text}; returns the console so far. */
    static String waitForConsole(JvirtClient c, String name, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        StringBuilder log = new StringBuilder();
        long off = 0;
        while (System.nanoTime() < deadline) {
            byte[] b = c.consoleLog(name, off);
            off += b.length;
            log.append(new String(b, StandardCharsets.UTF_8));
            if (log.indexOf(text) >= 0) {
                return log.toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never printed '" + text + "'; console: " + log);
    }
}
