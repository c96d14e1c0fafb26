package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jvirt.client.JvirtClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Network disks read (and written) by the guest itself: an NBD export served by qemu-nbd on a
 * Unix socket and on a loopback TCP port, and an image served over HTTP by a small server with
 * Range support (QEMU's curl driver reads it in ranges). The guest reads each marker from its
 * disk with dd, and the NBD disk's write reaches the image on the host. A domain whose NBD
 * server does not answer is refused at start with a sentence, and leaves nothing behind.
 */
class NetworkDiskIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(30);
    private final List<Process> servers = new ArrayList<>();
    private HttpServer http;

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : servers) {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        if (http != null) {
            http.stop(0);
        }
    }

    /** A 4 MiB raw image whose first sector starts with the marker. */
    private Path image(String name, String marker) throws IOException {
        Path p = tmp.resolve(name);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(marker.getBytes(StandardCharsets.US_ASCII)), 0);
            ch.write(ByteBuffer.wrap(new byte[] {0}), (4 << 20) - 1);
        }
        return p;
    }

    private void qemuNbd(Path socketOrNull, int port, String export, Path image) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-nbd", "--format=raw", "--persistent", "--shared=4",
                "--export-name=" + export));
        if (socketOrNull != null) {
            cmd.add("--socket=" + socketOrNull);
        } else {
            cmd.addAll(List.of("--bind=127.0.0.1", "--port=" + port));
        }
        cmd.add(image.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("nbd-" + export + ".log")
                .toFile()).start();
        servers.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (socketOrNull != null ? Files.exists(socketOrNull) : listens(port)) {
                return;
            }
            assertThat(p.isAlive()).as("qemu-nbd: " + Files.readString(tmp.resolve("nbd-" + export + ".log"))).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("qemu-nbd did not come up");
    }

    private static boolean listens(int port) {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Serves one file over HTTP with HEAD and single Range requests, as QEMU's curl driver needs. */
    private String serve(Path file) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/disk.img", ex -> respond(ex, file));
        http.start();
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, Path file) throws IOException {
        long size = Files.size(file);
        ex.getResponseHeaders().add("Accept-Ranges", "bytes");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", Long.toString(size));
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        long from = 0;
        long to = size - 1;
        int status = 200;
        if (range != null) {
            Matcher m = Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
            if (m.matches()) {
                from = Long.parseLong(m.group(1));
                to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                status = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
        }
        long len = to - from + 1;
        ex.sendResponseHeaders(status, len);
        try (FileChannel ch = FileChannel.open(file); OutputStream out = ex.getResponseBody()) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(len, 1 << 20));
            long pos = from;
            while (pos <= to) {
                b.clear();
                b.limit((int) Math.min(b.capacity(), to - pos + 1));
                int n = ch.read(b, pos);
                out.write(b.array(), 0, n);
                pos += n;
            }
        }
    }

    private Path define(String name, String devices) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, TestGuest.xml(name, devices));
        Cli.Result r = Cli.run(sock, "define", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return f;
    }

    private static String firstBytes(GuestShell sh, String dev, int n) throws Exception {
        GuestShell.Result r = sh.run("dd if=/dev/" + dev + " bs=512 count=1 2>/dev/null | head -c " + n + "; echo", CMD);
        assertThat(r.ok()).as(r.output()).isTrue();
        return r.output();
    }

    @Test
    void theGuestReadsNbdAndHttpDisksAndWritesTheNbdOne() throws Exception {
        Path unixImage = image("nbd-unix.img", "JVIRT-NBD-UNIX-MARKER");
        Path tcpImage = image("nbd-tcp.img", "JVIRT-NBD-TCP-MARKER");
        Path httpImage = image("http.img", "JVIRT-HTTP-MARKER");
        Path nbdSock = tmp.resolve("nbd.sock");
        qemuNbd(nbdSock, 0, "unixexp", unixImage);
        int port = freePort();
        qemuNbd(null, port, "tcpexp", tcpImage);
        String[] hp = serve(httpImage).split(":");

        define("netdisk", """
                <disk type='network' device='disk'>
                  <driver name='qemu' type='raw' cache='none'/>
                  <source protocol='nbd' name='unixexp'>
                    <host transport='unix' socket='%s'/>
                  </source>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <disk type='network' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source protocol='nbd' name='tcpexp'>
                    <host name='127.0.0.1' port='%d'/>
                  </source>
                  <target dev='vdb' bus='virtio'/>
                  <readonly/>
                </disk>
                <disk type='network' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source protocol='http' name='/disk.img'>
                    <host name='%s' port='%s'/>
                    <readahead size='65536'/>
                    <timeout seconds='30'/>
                  </source>
                  <target dev='vdc' bus='virtio'/>
                  <readonly/>
                </disk>""".formatted(nbdSock, port, hp[0], hp[1]));
        Cli.Result start = Cli.run(sock, "start", "netdisk");
        assertThat(start.exit()).as(start.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "netdisk", TestGuest.READY);
            try (GuestShell sh = new GuestShell(c, "netdisk")) {
                assertThat(firstBytes(sh, "vda", 21)).contains("JVIRT-NBD-UNIX-MARKER");
                assertThat(firstBytes(sh, "vdb", 20)).contains("JVIRT-NBD-TCP-MARKER");
                assertThat(firstBytes(sh, "vdc", 17)).contains("JVIRT-HTTP-MARKER");
                GuestShell.Result w = sh.run("echo -n JVIRT-GUEST-WROTE-THIS | dd of=/dev/vda bs=512 seek=8 "
                        + "oflag=direct conv=sync 2>/dev/null; sync", CMD);
                assertThat(w.ok()).as(w.output()).isTrue();
            }
        }
        assertThat(Cli.run(sock, "destroy", "netdisk").exit()).isZero();
        byte[] written = new byte[22];
        try (FileChannel ch = FileChannel.open(unixImage)) {
            ch.read(ByteBuffer.wrap(written), 8 * 512);
        }
        assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo("JVIRT-GUEST-WROTE-THIS");
    }

    @Test
    void anNbdServerThatDoesNotAnswerFailsTheStartAndLeavesNothing() throws Exception {
        int port = freePort();
        define("nonbd", """
                <disk type='network' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source protocol='nbd'>
                    <host name='127.0.0.1' port='%d'/>
                  </source>
                  <target dev='vda' bus='virtio'/>
                </disk>""".formatted(port));
        Cli.Result start = Cli.run(sock, "start", "nonbd");
        assertThat(start.exit()).isEqualTo(1);
        assertThat(start.err()).isEqualTo("error: domain 'nonbd' cannot start: no NBD server is reachable at 127.0.0.1:"
                + port + " for disk vda; start it (for example qemu-nbd) or fix its <host>.\n");
        assertThat(Cli.run(sock, "domstate", "nonbd").out()).startsWith("shut off");
        assertThat(SharedFolderIT.listOrEmpty(tmp.resolve("state/run"))).isEmpty();
    }
}
