package io.jvirt.cli;

import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.daemon.Jvirtd;
import java.nio.file.Path;
import java.util.Map;

/**
 * Ends an in-process test daemon. A jvirtd leaves its domains running when it stops (they survive
 * a daemon restart by design), so a test that started guests would leave their QEMUs behind:
 * this destroys every running domain first, then closes the daemon.
 */
public final class TestDaemons {

    private TestDaemons() {
    }

    /**
     * Destroys the daemon's running domains, then closes it.
     *
     * @param daemon the daemon
     * @param sock its socket
     * @throws Exception what closing the daemon throws
     */
    public static void close(Jvirtd daemon, Path sock) throws Exception {
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (DomainInfo d : c.listDomains(false)) {
                try {
                    c.action(d.name(), "destroy", Map.of());
                } catch (RuntimeException e) {
                    // it ended meanwhile
                }
            }
        } catch (RuntimeException e) {
            // the daemon no longer answers: nothing to end through it
        } finally {
            daemon.close();
        }
    }
}
