package io.jvirt.daemon.domain;

import io.jvirt.api.ConsoleStream.EndReason;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainType;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.AccelChooser;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.qemu.argv.Accel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Console sessions through {@link DomainService}: one per domain, a second refused, force
 * taking over, and the ends a client learns about. A test server stands for QEMU's console
 * socket and, like QEMU's socket chardev, serves one client at a time.
 */
class ConsoleSessionsTest {
    @TempDir
    Path state;
    DomainService domains;
    ServerSocketChannel qemuConsole;
    /** Connections the "QEMU" accepted, in order. */
    final BlockingQueue<SocketChannel> clients = new LinkedBlockingQueue<>();
    /** What each client sent, once it has gone. */
    final BlockingQueue<String> typed = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        AccelChooser tcg = new AccelChooser() {
            @Override
            public Choice choose(DomainType requested) {
                return new Choice(Accel.TCG, null);
            }

            @Override
            public Choice hostBest() {
                return new Choice(Accel.TCG, null);
            }
        };
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), tcg, "qemu-system-x86_64", new FakeQemu.Launcher());
        domains.load();
    }

    @AfterEach
    void stop() throws IOException {
        domains.close();
        if (qemuConsole != null) {
            qemuConsole.close();
        }
    }

    private void runWithConsole(String name, String devices) throws IOException {
        domains.execute(new DomainCommand.Define("<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64"
                + "</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + devices
                + "</devices></domain>"));
        domains.execute(new DomainCommand.Start(name, false));
        Path socket = state.resolve("run").resolve(domains.lookup(name).uuid().toString()).resolve("console.sock");
        qemuConsole = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        qemuConsole.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(this::serveOneAtATime);
    }

    /**
     * Like QEMU's socket chardev: accepts the next client only once the current one has gone,
     * reads input a few bytes at a time, as fast as a guest's serial port takes it, echoes it,
     * and drops what is still queued once the client has closed (QEMU acts on the hang-up; a
     * client that only half-closed still gets the echo, so its input is read to the end).
     */
    private void serveOneAtATime() {
        try {
            while (true) {
                SocketChannel c = qemuConsole.accept();
                clients.add(c);
                StringBuilder in = new StringBuilder();
                ByteBuffer b = ByteBuffer.allocate(4);
                try {
                    while (c.read(b) >= 0) {
                        in.append(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
                        b.flip();
                        c.write(b);
                        b.clear();
                        Thread.sleep(5);
                    }
                } catch (IOException | InterruptedException dropped) {
                    // the client closed hard
                }
                typed.add(in.toString());
                c.close();
            }
        } catch (IOException closed) {
            // the test ended
        }
    }

    private static String read(ConsoleSession s) {
        byte[] buf = new byte[256];
        int n = s.read(buf);
        return n < 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void aSecondSessionIsRefusedAndForceTakesTheConsoleOver() throws Exception {
        runWithConsole("vm", "<serial type='pty'><target port='0'/></serial>");
        ConsoleSession first = domains.openConsole("vm", false);
        SocketChannel firstAtQemu = clients.poll(5, TimeUnit.SECONDS);
        firstAtQemu.write(ByteBuffer.wrap("login: ".getBytes(StandardCharsets.UTF_8)));
        assertThat(read(first)).isEqualTo("login: ");

        assertThatThrownBy(() -> domains.openConsole("vm", false))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONSOLE_BUSY))
                .hasMessage("The console of domain 'vm' is in use by another session; detach that one (Ctrl+]) or "
                        + "take the console over with 'jvirt console --force vm'.");
        assertThat(first.ended()).isNull();

        ConsoleSession second = domains.openConsole("vm", true);
        assertThat(read(first)).isNull();
        assertThat(first.ended().reason()).isEqualTo(EndReason.TAKEN_OVER);
        assertThat(first.ended().message()).isEqualTo("Another client took over the console of domain 'vm' with "
                + "'jvirt console --force'; this session has ended.");
        // the "QEMU" serves the second client once the first has gone, and keystrokes flow both ways
        SocketChannel secondAtQemu = clients.poll(5, TimeUnit.SECONDS);
        assertThat(secondAtQemu).isNotNull();
        secondAtQemu.write(ByteBuffer.wrap("# ".getBytes(StandardCharsets.UTF_8)));
        assertThat(read(second)).isEqualTo("# ");
        assertThat(second.ended()).isNull();

        second.end(EndReason.DETACHED);
        assertThat(read(second)).isNull();
        assertThat(second.ended().reason()).isEqualTo(EndReason.DETACHED);
        // after a detach the console is free again, without force
        ConsoleSession third = domains.openConsole("vm", false);
        assertThat(third.ended()).isNull();
        third.end(EndReason.DETACHED);
    }

    @Test
    void aClientAttachingRightAfterADetachWaitsForThatSessionToEnd() throws Exception {
        runWithConsole("again", "<serial type='pty'><target port='0'/></serial>");
        ConsoleSession first = domains.openConsole("again", false);
        clients.poll(5, TimeUnit.SECONDS);
        // the relay reads the first client's end of keystrokes a moment after the second one asks
        Thread relay = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            first.end(EndReason.DETACHED);
        });
        ConsoleSession second = domains.openConsole("again", false);
        relay.join();
        assertThat(first.ended().reason()).isEqualTo(EndReason.DETACHED);
        assertThat(second.ended()).isNull();
        second.end(EndReason.DETACHED);
    }

    @Test
    void keystrokesSentBeforeADetachAllReachQemu() throws Exception {
        runWithConsole("keys", "<serial type='pty'><target port='0'/></serial>");
        ConsoleSession s = domains.openConsole("keys", false);
        byte[] line = "echo every-key-arrives\n".getBytes(StandardCharsets.UTF_8);
        s.send(line, 0, line.length);
        s.end(EndReason.DETACHED);
        assertThat(typed.poll(5, TimeUnit.SECONDS)).isEqualTo("echo every-key-arrives\n");
        StringBuilder echo = new StringBuilder();
        for (String out = read(s); out != null; out = read(s)) {
            echo.append(out); // the output QEMU sent while it took the last keys still comes
        }
        assertThat(echo.toString()).isEqualTo("echo every-key-arrives\n");
        assertThat(s.ended().reason()).isEqualTo(EndReason.DETACHED);
    }

    @Test
    void theSessionEndsWhenQemuClosesTheConsole() throws Exception {
        runWithConsole("stops", "<console type='pty'><target type='serial' port='0'/></console>");
        ConsoleSession s = domains.openConsole("stops", false);
        clients.poll(5, TimeUnit.SECONDS).close();
        assertThat(read(s)).isNull();
        assertThat(s.ended().reason()).isEqualTo(EndReason.DOMAIN_STOPPED);
        assertThat(s.ended().message()).isEqualTo("The console of domain 'stops' closed because the domain stopped.");
        // the end frees the console
        domains.openConsole("stops", false).end(EndReason.DETACHED);
    }

    @Test
    void aStoppingDaemonWaitsUntilTheClientWasToldButNotForever() throws Exception {
        runWithConsole("told", "<console type='pty'><target type='serial' port='0'/></console>");
        ConsoleSession s = domains.openConsole("told", false);
        Thread relay = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300); // the relay writes the end frame a little later
            } catch (InterruptedException e) {
                return;
            }
            s.endDelivered();
        });
        long t0 = System.nanoTime();
        domains.endConsoleSessions();
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s.ended().reason()).isEqualTo(EndReason.DAEMON_STOPPED);
        assertThat(waited).as("waited for the relay").isGreaterThanOrEqualTo(250);
        relay.join();

        // a session whose client is never told holds the stop no longer than the farewell time
        ConsoleSession silent = domains.openConsole("told", false);
        t0 = System.nanoTime();
        domains.endConsoleSessions();
        waited = (System.nanoTime() - t0) / 1_000_000;
        assertThat(silent.ended().reason()).isEqualTo(EndReason.DAEMON_STOPPED);
        assertThat(waited).isBetween(ConsoleSessions.FAREWELL.toMillis() - 100, ConsoleSessions.FAREWELL.toMillis() + 3_000);
    }

    @Test
    void domainsWithoutASocketConsoleAndStoppedDomainsAreRefused() throws Exception {
        runWithConsole("filecon", "<serial type='file'><source path='/tmp/x.log'/><target port='0'/></serial>");
        assertThatThrownBy(() -> domains.openConsole("filecon", false))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("is of type 'file', which jvirt cannot attach to; make it type 'pty'.");
        domains.execute(new DomainCommand.Destroy("filecon"));
        assertThatThrownBy(() -> domains.openConsole("filecon", false))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("domain 'filecon' is not running.");
    }
}
