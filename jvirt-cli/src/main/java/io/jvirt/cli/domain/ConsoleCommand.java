package io.jvirt.cli.domain;

import io.jvirt.api.ConsoleInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Terminal;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * {@code jvirt console DOMAIN}: attaches the terminal to the guest's first serial port.
 * Ctrl+] detaches. The terminal is put in raw mode while attached and restored afterwards.
 */
public final class ConsoleCommand extends ClientVerb {
    private static final int ESCAPE = 0x1d; // Ctrl+]

    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public ConsoleCommand() {
        super("console", "Attach to a domain's serial console (Ctrl+] detaches).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String domain = this.domain.get();
        ConsoleInfo c = client.console(domain);
        String name = client.info(domain).name();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(c.socket()));
        } catch (IOException e) {
            ch.close();
            throw new JvirtClientException(ErrorCode.IN_USE, "cannot attach to the console of domain '" + name
                    + "' at " + c.socket() + ": " + e.getMessage() + "; is another console attached?");
        }
        var err = err();
        err.println("Connected to domain '" + name + "'");
        err.println("Escape character is ^] (Ctrl + ])");
        err.flush();
        try (ch; Terminal term = Terminal.raw()) {
            Thread pump = Thread.ofVirtual().start(() -> copyOut(ch, System.out));
            copyIn(System.in, ch);
            ch.close();
            pump.join(500);
        }
        err.println();
        err.flush();
        return 0;
    }

    private static void copyIn(InputStream in, SocketChannel ch) throws IOException {
        byte[] buf = new byte[1024];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == ESCAPE) {
                    write(ch, buf, i);
                    return;
                }
            }
            write(ch, buf, n);
        }
    }

    private static void write(SocketChannel ch, byte[] buf, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void copyOut(SocketChannel ch, OutputStream out) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                out.flush();
                buf.clear();
            }
        } catch (IOException closed) {
            // detached or the guest went away
        }
    }
}
