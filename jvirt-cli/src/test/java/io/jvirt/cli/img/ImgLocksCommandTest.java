package io.jvirt.cli.img;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jvirt img} on an image another user holds (here the engine, through a descriptor of
 * this process, as QEMU would): exit code, the one-sentence refusal with -U advice, the domain
 * named by a daemon answering on the socket, and the file left byte-identical.
 */
class ImgLocksCommandTest {

    @TempDir
    Path dir;
    Path img;
    Path nowhere;

    private record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        img = dir.resolve("root1.qcow2");
        Images.create(img, CreateOptions.builder(ImageFormat.QCOW2, 32 << 20).build());
        nowhere = dir.resolve("no-daemon.sock");
    }

    private Result jimg(Path socket, String... args) {
        List<String> all = new ArrayList<>(List.of("--connect", socket.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ImgCommand().spec());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(all.toArray(String[]::new));
        return new Result(rc, out.toString(), err.toString());
    }

    @Test
    void writesAreRefusedReadsNeedForceShareAndTheFileStaysAsItWas() throws Exception {
        String f = img.toString();
        try (DiskImage held = Images.open(img, false)) {
            String before = sha256(img);
            String other = "error: Image " + f + " is in use by another process (such as QEMU or qemu-img); stop it first";
            for (String[] write : List.of(new String[] {"create", "-f", "qcow2", f, "32M"},
                    new String[] {"create", "-f", "raw", f, "1M"}, new String[] {"snapshot", "-c", "live", f},
                    new String[] {"snapshot", "-d", "live", f}, new String[] {"snapshot", "-a", "live", f},
                    new String[] {"resize", f, "64M"}, new String[] {"rebase", "-u", "-b", "", f},
                    new String[] {"check", "-r", "all", f})) {
                Result r = jimg(nowhere, write);
                assertThat(r.exit()).as(String.join(" ", write)).isEqualTo(1);
                assertThat(r.err()).isEqualTo(other + " (-U does not allow writing).\n");
                assertThat(sha256(img)).as("byte-identical after " + String.join(" ", write)).isEqualTo(before);
            }
            for (String[] read : List.of(new String[] {"info", f}, new String[] {"map", f},
                    new String[] {"check", f}, new String[] {"snapshot", "-l", f},
                    new String[] {"measure", "-O", "qcow2", f})) {
                Result r = jimg(nowhere, read);
                assertThat(r.exit()).as(String.join(" ", read)).isEqualTo(1);
                assertThat(r.err()).isEqualTo(other + ", or use -U to read it anyway.\n");
                List<String> withU = new ArrayList<>(List.of(read));
                withU.add(1, "-U");
                assertThat(jimg(nowhere, withU.toArray(String[]::new)).exit()).as("with -U").isZero();
            }
            Result cmp = jimg(nowhere, "compare", f, f);
            assertThat(cmp.exit()).as("compare's error code").isEqualTo(2);
            assertThat(jimg(nowhere, "compare", "-U", f, f).exit()).isZero();

            Path copy = dir.resolve("copy.raw");
            assertThat(jimg(nowhere, "convert", "-O", "raw", f, copy.toString()).err())
                    .isEqualTo(other + ", or use -U to read it anyway.\n");
            assertThat(copy).as("a refused convert makes no target").doesNotExist();
            assertThat(jimg(nowhere, "convert", "-U", "-O", "raw", f, copy.toString()).exit()).isZero();
            Path src = dir.resolve("src.qcow2");
            Images.create(src, CreateOptions.builder(ImageFormat.QCOW2, 32 << 20).build());
            assertThat(jimg(nowhere, "convert", "-n", "-U", "-O", "qcow2", src.toString(), f).err())
                    .as("-U reads sources only").isEqualTo(other + " (-U does not allow writing).\n");
            assertThat(jimg(nowhere, "snapshot", "-c", "s", "-U", f).err()).isEqualTo("error: The -U (--force-share) "
                    + "option only applies to reading an image, and snapshot -c writes it.\n");
            assertThat(sha256(img)).isEqualTo(before);
        }
        assertThat(jimg(nowhere, "snapshot", "-c", "s", img.toString()).exit()).as("free again").isZero();
    }

    @Test
    void aDaemonOnTheSocketNamesTheDomain() throws Exception {
        Path sock = dir.resolve("jvirtd.sock");
        try (FakeDaemon d = FakeDaemon.start(sock, "[{\"domain\":\"vm1\",\"disk\":\"vda\",\"backing\":false,"
                + "\"operation\":null}]"); DiskImage held = Images.open(img, false)) {
            Result r = jimg(sock, "snapshot", "-c", "live", img.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("error: Image " + img + " is in use by domain vm1; shut it down first "
                    + "(-U does not allow writing).\n");
            assertThat(jimg(sock, "info", img.toString()).err()).isEqualTo("error: Image " + img + " is in use by "
                    + "domain vm1; shut it down first, or use -U to read it anyway.\n");
            assertThat(d.targets()).containsOnly("/v1/images/holders?path=" + img.toAbsolutePath());
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new ImgCommand("resize").spec());
            cl.setErr(new PrintWriter(err));
            assertThat(cl.execute("-c", sock.toString(), "resize", img.toString(), "+1M")).isEqualTo(1);
            assertThat(err.toString()).as("-c before the subcommand").contains("in use by domain vm1");
        }
        assertThat(ImgCommand.subcommand(new String[] {"img", "-c", "s", "info", "x"})).isEqualTo("info");
        assertThat(ImgCommand.subcommand(new String[] {"img", "--connect=s", "map"})).isEqualTo("map");
        assertThat(ImgCommand.subcommand(new String[] {"img", "--connect", "s"})).isNull();
    }

    @Test
    void aDaemonThatDoesNotAnswerIsNotWaitedFor() throws Exception {
        Path sock = dir.resolve("jvirtd.sock");
        try (FakeDaemon d = FakeDaemon.start(sock, null); DiskImage held = Images.open(img, false)) {
            long t0 = System.nanoTime();
            Result r = jimg(sock, "info", img.toString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.err()).contains("in use by another process");
            assertThat(ms).as("ms waited for the silent daemon").isLessThan(5000);
        }
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    /** Answers every request on a UNIX socket with one JSON body, or never when the body is null. */
    private static final class FakeDaemon implements AutoCloseable {
        private final ServerSocketChannel server;
        private final List<String> targets = new CopyOnWriteArrayList<>();
        private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

        private FakeDaemon(ServerSocketChannel server) {
            this.server = server;
        }

        static FakeDaemon start(Path sock, String body) throws IOException {
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(sock));
            FakeDaemon d = new FakeDaemon(s);
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        SocketChannel c = s.accept();
                        d.open.add(c);
                        Thread.ofVirtual().start(() -> d.serve(c, body));
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            return d;
        }

        private void serve(SocketChannel c, String body) {
            try {
                InputStream in = Channels.newInputStream(c);
                OutputStream out = Channels.newOutputStream(c);
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    targets.add(URLDecoder.decode(head.split(" ")[1], StandardCharsets.UTF_8));
                    if (body == null) {
                        Thread.sleep(60_000);
                        return;
                    }
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(b);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int ch;
            while ((ch = in.read()) >= 0) {
                sb.append((char) ch);
                if (sb.toString().endsWith("\r\n\r\n")) {
                    return sb.toString();
                }
            }
            return null;
        }

        List<String> targets() {
            return targets;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel c : open) {
                c.close();
            }
        }
    }
}
