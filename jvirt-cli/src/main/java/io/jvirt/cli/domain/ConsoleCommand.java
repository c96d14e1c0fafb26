package io.jvirt.cli.domain;

import io.jvirt.api.ConsoleStream;
import io.jvirt.api.ErrorCode;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Terminal;
import io.jvirt.client.ConsoleConnection;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * {@code jvirt console DOMAIN [--force]}: attaches the terminal to the guest's first serial
 * port (else its first console) through a session the daemon opens and owns. Ctrl+] (or the
 * end of input) detaches. While another client has the console the daemon refuses, and this
 * prints the daemon's sentence and exits 1 before saying "Connected"; {@code --force} takes
 * the console over, and the other client then ends with its own sentence and exit status 1
 * (virsh's client ends with an error too). The terminal is in raw mode while attached.
 */
public final class ConsoleCommand extends ClientVerb {
    private static final int ESCAPE = 0x1d; // Ctrl+]

    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag force = flag("--force", "Take the console over from another client, whose session then ends.");
    private final InputStream in;
    private final OutputStream out;
    private final boolean terminal;

    public ConsoleCommand() {
        this(System.in, System.out, true);
    }

    /** A console on the given streams instead of the terminal (the terminal's mode is left alone). */
    public ConsoleCommand(InputStream in, OutputStream out) {
        this(in, out, false);
    }

    private ConsoleCommand(InputStream in, OutputStream out, boolean terminal) {
        super("console", "Attach to a domain's serial console (Ctrl+] detaches).");
        this.in = in;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        return new Attach(in, out, err(), terminal).run(client, domain.get(), force.get());
    }

    /**
     * A console session on a terminal (or given streams): used by {@code console} and by
     * {@code start --console}.
     */
    static final class Attach {
        private final InputStream in;
        private final OutputStream out;
        private final PrintWriter err;
        private final boolean terminal;

        Attach(InputStream in, OutputStream out, PrintWriter err, boolean terminal) {
            this.in = in;
            this.out = out;
            this.err = err;
            this.terminal = terminal;
        }

        /** The terminal's console on the system streams. */
        static Attach system(PrintWriter err) {
            return new Attach(System.in, System.out, err, true);
        }

        int run(JvirtClient client, String domain, boolean force) throws Exception {
            ConsoleStream.End end;
            try (ConsoleConnection console = client.openConsole(domain, force)) {
                err.println("Connected to domain '" + console.domain() + "'");
                err.println("Escape character is ^] (Ctrl + ])");
                err.flush();
                try (Terminal term = terminal ? Terminal.raw() : null) {
                    Thread keys = Thread.ofVirtual().name("console-keys").start(() -> keys(console));
                    copyOut(console);
                    keys.interrupt();
                }
                end = console.end();
                err.println();
                err.flush();
            }
            return switch (end.reason()) {
                case DETACHED, DOMAIN_STOPPED -> 0;
                // after the terminal is restored: Main prints "error: <sentence>" and exits 1
                case TAKEN_OVER -> throw new JvirtClientException(ErrorCode.CONSOLE_BUSY, end.message());
                case DAEMON_STOPPED -> throw new JvirtClientException(ErrorCode.HOST_RESOURCE, end.message());
            };
        }

        /** Input to the guest until Ctrl+] or the end of input, which detach. */
        private void keys(ConsoleConnection console) {
            byte[] buf = new byte[1024];
            try {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    int escape = indexOf(buf, n, ESCAPE);
                    if (escape >= 0) {
                        console.send(buf, 0, escape);
                        break;
                    }
                    console.send(buf, 0, n);
                }
                console.detach();
            } catch (IOException e) {
                // the session ended (taken over, domain stopped) or the daemon went away: the reader reports it
            }
        }

        private static int indexOf(byte[] buf, int n, int b) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        /** Guest output to the terminal until the session ends. */
        private void copyOut(ConsoleConnection console) throws IOException {
            byte[] buf = new byte[16 * 1024];
            try {
                for (int n = console.read(buf, 0, buf.length); n >= 0; n = console.read(buf, 0, buf.length)) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                throw new JvirtClientException(ErrorCode.HOST_RESOURCE, "The console session of domain '"
                        + console.domain() + "' was cut off: " + e.getMessage() + "; is jvirtd still running?", e);
            }
        }
    }
}
