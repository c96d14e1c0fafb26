package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import io.jvirt.client.JvirtClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code jvirt install --location http://...} end to end: a Debian-like installer tree holding the
 * test guest's kernel and initrd, served by the JDK's file server on 127.0.0.1; jvirt finds the
 * netboot layout over HTTP, downloads the files, and the guest boots them with the
 * {@code --extra-args} on its own {@code /proc/cmdline}.
 */
class LocationUrlIT extends DaemonTest {

    @Test
    void anInstallFromAWebServerBootsTheDownloadedKernelWithTheExtraArgs() throws Exception {
        Path mirror = tmp.resolve("mirror");
        String tree = "debian/dists/bookworm/main/installer-amd64/";
        Path images = mirror.resolve(tree + "current/images");
        Path netboot = images.resolve("netboot/debian-installer/amd64");
        Files.createDirectories(netboot);
        Files.writeString(images.resolve("MANIFEST"), "netboot/debian-installer/amd64/linux: Debian installer\n");
        Files.copy(TestGuest.dir().resolve("vmlinuz"), netboot.resolve("linux"));
        Files.copy(TestGuest.dir().resolve("initrd.img"), netboot.resolve("initrd.gz"));
        HttpServer server = SimpleFileServer.createFileServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                mirror, SimpleFileServer.OutputLevel.NONE);
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + tree;
            String token = UUID.randomUUID().toString().substring(0, 8);
            Cli.Result r = Cli.run(sock, "install", "--name", "web", "--location", url, "--nodisks",
                    "--extra-args", "console=ttyS0 panic=-1 quiet jvirt.url=" + token, "--virt-type", "qemu",
                    "--memory", "256", "--vcpus", "1", "--graphics", "none", "--noautoconsole", "--osinfo", "linux2020",
                    "--network", "user");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("Retrieving the kernel and initrd from " + url);
            try (JvirtClient c = daemon.client()) {
                Path staged = Path.of(System.getProperty("java.io.tmpdir"), "jvirt-install-web-kernel");
                assertThat(c.xml("web", false)).contains("<kernel>" + staged + "</kernel>")
                        .contains("<on_reboot>destroy</on_reboot>");
                assertThat(staged).as("the staged copy is removed once QEMU has loaded it").doesNotExist();
                assertThat(c.xml("web", true)).doesNotContain("<kernel>");
                waitForConsole(c, "web", TestGuest.READY);
                try (GuestShell shell = new GuestShell(c, "web")) {
                    assertThat(shell.run("cat /proc/cmdline", Duration.ofSeconds(60)).output())
                            .contains("jvirt.url=" + token);
                }
            }
        } finally {
            server.stop(0);
        }
    }
}
