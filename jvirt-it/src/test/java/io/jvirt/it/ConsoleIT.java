package io.jvirt.it;

import io.jvirt.api.ErrorCode;
import io.jvirt.cli.Main;
import io.jvirt.cli.domain.ConsoleCommand;
import io.jvirt.client.ConsoleConnection;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code jvirt console} with the real test guest: one session per domain as virsh has it, a
 * second refused before "Connected", {@code --force} taking over, and the first client ending
 * with its sentence and exit status 1. The guest's shell echoes what each client types.
 */
class ConsoleIT extends DaemonTest {
    private static final byte CTRL_BRACKET = 0x1d;

    /** A {@code jvirt console} run on its own thread, with a keyboard and a screen of its own. */
    private final class Console {
        final PipedOutputStream keyboard = new PipedOutputStream();
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Console(String... options) throws IOException {
            PipedInputStream in = new PipedInputStream(keyboard, 4096);
            CommandLine cl = Main.commandLine(new ConsoleCommand(in, screen));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            String[] args = new String[options.length + 3];
            args[0] = "console";
            args[1] = "--connect";
            args[2] = sock.toString();
            System.arraycopy(options, 0, args, 3, options.length);
            Thread.ofVirtual().start(() -> {
                try {
                    exit.complete(cl.execute(args));
                } catch (RuntimeException e) {
                    exit.completeExceptionally(e);
                }
            });
        }

        void type(String text) throws IOException {
            keyboard.write(text.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        String screen() {
            synchronized (screen) {
                return screen.toString(StandardCharsets.UTF_8);
            }
        }

        String err() {
            return err.toString();
        }

        int awaitExit() throws Exception {
            return exit.get(30, TimeUnit.SECONDS);
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aSecondConsoleIsRefusedAndForceTakesItOver() throws Exception {
        Path f = tmp.resolve("con.xml");
        Files.writeString(f, TestGuest.xml("con", ""));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        assertThat(Cli.run(sock, "start", "con").exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "con", TestGuest.READY);
        }

        Console first = new Console("con");
        await("the first console is connected", () -> first.err().contains("Connected to domain 'con'"));
        assertThat(first.err()).isEqualTo("Connected to domain 'con'\nEscape character is ^] (Ctrl + ])\n");
        first.type("echo first-$((20+1))\n");
        await("the guest answers the first console", () -> first.screen().contains("first-21"));

        Console second = new Console("con");
        assertThat(second.awaitExit()).isEqualTo(1);
        assertThat(second.err()).isEqualTo("error: The console of domain 'con' is in use by another session; detach "
                + "that one (Ctrl+]) or take the console over with 'jvirt console --force con'.\n");
        assertThat(second.out.toString()).isEmpty();
        assertThat(first.exit).isNotDone();

        Console third = new Console("--force", "con");
        assertThat(first.awaitExit()).isEqualTo(1);
        assertThat(first.err()).endsWith("error: Another client took over the console of domain 'con' with "
                + "'jvirt console --force'; this session has ended.\n");
        await("the third console is connected", () -> third.err().contains("Connected to domain 'con'"));
        third.type("echo third-$((40+2))\n");
        await("the guest answers the third console", () -> third.screen().contains("third-42"));
        assertThat(first.screen()).doesNotContain("third-42");

        // Ctrl+] detaches with status 0, and the console is free again
        third.keyboard.write(CTRL_BRACKET);
        third.keyboard.flush();
        assertThat(third.awaitExit()).isZero();
        assertThat(third.err()).isEqualTo("Connected to domain 'con'\nEscape character is ^] (Ctrl + ])\n\n");

        // through the API: CONSOLE_BUSY, and force ends the holder's session as taken over
        try (JvirtClient c = daemon.client(); ConsoleConnection holder = c.openConsole("con", false)) {
            assertThatThrownBy(() -> c.openConsole("con", false))
                    .isInstanceOfSatisfying(JvirtClientException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONSOLE_BUSY));
            try (ConsoleConnection taker = c.openConsole("con", true)) {
                byte[] buf = new byte[4096];
                while (holder.read(buf, 0, buf.length) >= 0) {
                    // drain until the end frame
                }
                assertThat(holder.end().reason().name()).isEqualTo("TAKEN_OVER");
                assertThat(taker.end()).isNull();
            }
        }
    }

    @Test
    void aQuietSessionOutlivesTheApisIdleTimeout() throws Exception {
        Path f = tmp.resolve("idle.xml");
        Files.writeString(f, TestGuest.xml("idle", ""));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        assertThat(Cli.run(sock, "start", "idle").exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "idle", TestGuest.READY);
        }
        Console console = new Console("idle");
        await("the console is connected", () -> console.err().contains("Connected to domain 'idle'"));
        // Jetty closes connections idle for 30 s; the daemon's keep-alive frames prevent that
        Thread.sleep(40_000);
        assertThat(console.exit).isNotDone();
        console.type("echo still-$((6*6))\n");
        await("the guest answers after the quiet time", () -> console.screen().contains("still-36"));
        console.keyboard.write(CTRL_BRACKET);
        console.keyboard.flush();
        assertThat(console.awaitExit()).isZero();
    }

    @Test
    void stoppingTheDaemonEndsTheSessionButNotTheDomain() throws Exception {
        Path f = tmp.resolve("keep.xml");
        Files.writeString(f, TestGuest.xml("keep", ""));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        assertThat(Cli.run(sock, "start", "keep").exit()).isZero();
        long pid;
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "keep", TestGuest.READY);
            pid = c.info("keep").pid();
        }
        Console console = new Console("keep");
        await("the console is connected", () -> console.err().contains("Connected to domain 'keep'"));
        long t0 = System.nanoTime();
        daemon.close();
        assertThat(console.awaitExit()).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("the daemon stops without waiting for the session")
                .isLessThan(5_000);
        assertThat(console.err()).endsWith("error: jvirtd stopped, which ended the console session of domain 'keep'; "
                + "the domain keeps running: attach again once jvirtd is back.\n");
        assertThat(io.jvirt.sys.ProcStat.read(pid).filter(io.jvirt.sys.ProcStat::alive)).isPresent();

        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
        Console again = new Console("keep");
        await("the console is connected again", () -> again.err().contains("Connected to domain 'keep'"));
        again.type("echo back-$((50+5))\n");
        await("the guest answers", () -> again.screen().contains("back-55"));
        again.keyboard.write(CTRL_BRACKET);
        again.keyboard.flush();
        assertThat(again.awaitExit()).isZero();
    }

    @Test
    void theConsoleEndsWithStatusZeroWhenTheDomainStops() throws Exception {
        Path f = tmp.resolve("stop.xml");
        Files.writeString(f, TestGuest.xml("stop", ""));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        assertThat(Cli.run(sock, "start", "stop").exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "stop", TestGuest.READY);
            // the guest's shell reads its terminal first: keystrokes that come before it starts can be
            // dropped by the guest itself (its line editor resets the terminal), which is not what this tests
            try (GuestShell sh = new GuestShell(c, "stop")) {
                assertThat(sh.run("true", Duration.ofSeconds(30)).ok()).isTrue();
            }
            // keystrokes sent just before a client closes its session still reach the guest
            try (ConsoleConnection quick = c.openConsole("stop", false)) {
                byte[] line = "echo quick-$((3*3))\n".getBytes(StandardCharsets.UTF_8);
                quick.send(line, 0, line.length);
            }
            waitForConsole(c, "stop", "quick-9");
        }
        Console console = new Console("stop");
        await("the console is connected", () -> console.err().contains("Connected to domain 'stop'"));
        assertThat(Cli.run(sock, "shutdown", "stop").exit()).isZero();
        assertThat(console.awaitExit()).isZero();
        assertThat(console.screen()).contains("reboot: Power down");
    }
}
