package io.jvirt.it;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.NetworkInfo;
import io.jvirt.client.JvirtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the network tests: a jvirtd inside a fresh network namespace, so bridges, taps,
 * nftables tables, dnsmasq and all guest traffic stay inside it; the host's own interfaces
 * and routes are never touched. Closing the namespace kills what is left in it.
 */
abstract class NetDaemonTest {
    @TempDir
    Path tmp;
    NetNs ns;
    DaemonProcess daemon;
    Path sock;

    @BeforeEach
    void startDaemonInNamespace() throws Exception {
        TestGuest.dir();
        // the state directory stays under JUnit's private (0700) temporary directory: dnsmasq
        // reads its hosts files from /run/jvirt/dnsmasq, never from the state directory
        ns = NetNs.create();
        sock = tmp.resolve("jvirtd.sock");
        daemon = new DaemonProcess(tmp.resolve("state"), sock, ns.name).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (DomainInfo d : c.listDomains(false)) {
                c.action(d.name(), "destroy", Map.of());
            }
            for (NetworkInfo n : c.listNetworks(false)) {
                c.networkAction(n.name(), "destroy");
            }
        } catch (RuntimeException gone) {
            // a test may have killed the daemon
        }
        try {
            daemon.close();
        } finally {
            ns.close(); // also when the daemon's stop failed: never leave a namespace behind
        }
    }

    /** A test-guest domain with network cards; the guest asks for DHCP on eth0 at boot. */
    static String guestXml(String name, String interfaces) throws Exception {
        return TestGuest.xml(name, interfaces, "jvirt.dhcp=1");
    }

    /** An interface on a network, virtio, optionally with a fixed MAC and a port group. */
    static String nic(String network, String mac, String portgroup) {
        return "<interface type='network'><source network='" + network + "'"
                + (portgroup == null ? "" : " portgroup='" + portgroup + "'") + "/>"
                + (mac == null ? "" : "<mac address='" + mac + "'/>") + "<model type='virtio'/></interface>";
    }

    Path file(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }
}
