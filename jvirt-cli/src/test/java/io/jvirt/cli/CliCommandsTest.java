package io.jvirt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.cli.support.Table;
import io.jvirt.cli.support.Verb;
import io.jvirt.daemon.DaemonConfig;
import io.jvirt.daemon.Jvirtd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's verbs against an in-process daemon: exit codes and exact output. No QEMU needed. */
class CliCommandsTest {
    @TempDir
    static Path tmp;
    static Jvirtd daemon;
    static Path sock;

    record Run(int exit, String out, String err) { }

    @BeforeAll
    static void start() throws Exception {
        sock = tmp.resolve("s.sock");
        daemon = Jvirtd.start(new DaemonConfig(tmp.resolve("state"), sock, "qemu-system-x86_64", null));
    }

    @AfterAll
    static void stop() throws Exception {
        TestDaemons.close(daemon, sock);
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(Main.hoistConnect(args));
        return new Run(rc, out.toString(), err.toString());
    }

    static Path xml(String name, String extra) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, "<domain type='qemu'><name>" + name + "</name>" + extra
                + "<memory unit='MiB'>64</memory><vcpu>2</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>");
        return f;
    }

    @Test
    void undefineOfAUefiDomainAsksWhatToDoWithItsVariableStore() throws Exception {
        Path f = tmp.resolve("uefi.xml");
        Files.writeString(f, "<domain type='qemu'><name>uefi</name><memory unit='MiB'>64</memory>"
                + "<os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os><features><acpi/></features>"
                + "</domain>");
        assertThat(run("-c", sock.toString(), "define", f.toString()).exit()).isZero();
        Path store = Files.createDirectories(tmp.resolve("state/nvram")).resolve("uefi_VARS.fd");
        Files.writeString(store, "variables");

        Run refused = run("-c", sock.toString(), "undefine", "uefi");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: domain 'uefi' has a UEFI variable store, " + store
                + "; undefine it with --nvram to delete the store too, or with --keep-nvram to keep it.\n");
        Run both = run("-c", sock.toString(), "undefine", "--nvram", "--keep-nvram", "uefi");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--nvram and --keep-nvram contradict each other; give one of them.");

        Run keep = run("-c", sock.toString(), "undefine", "--keep-nvram", "uefi");
        assertThat(keep.exit()).as(keep.err()).isZero();
        assertThat(keep.out()).isEqualTo("Domain 'uefi' has been undefined\n\n");
        assertThat(store).exists();

        assertThat(run("-c", sock.toString(), "define", f.toString()).exit()).isZero();
        Run delete = run("-c", sock.toString(), "undefine", "--nvram", "uefi");
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(store).doesNotExist();
    }

    @Test
    void displaysOfAStoppedDomainAreAnErrorAsInVirsh() throws Exception {
        assertThat(run("define", "-c", sock.toString(), xml("shown", "<devices><graphics type='vnc'/></devices>")
                .toString()).exit()).isZero();
        Run vnc = run("vncdisplay", "-c", sock.toString(), "shown");
        assertThat(vnc.exit()).isEqualTo(1);
        assertThat(vnc.err()).isEqualTo("error: Domain 'shown' is not running.\n");
        Run display = run("domdisplay", "-c", sock.toString(), "--type", "vnc", "shown");
        assertThat(display.exit()).isEqualTo(1);
        assertThat(display.err()).isEqualTo("error: Domain 'shown' is not running.\n");
        Run both = run("domdisplay", "-c", sock.toString(), "--all", "--type", "vnc", "shown");
        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(run("undefine", "-c", sock.toString(), "shown").exit()).isZero();
    }

    @Test
    void defineListInfoAndUndefine() throws Exception {
        Run d = run("-c", sock.toString(), "define", xml("alpha", "<title>First</title>").toString());
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(d.out()).isEqualTo("Domain 'alpha' defined from " + tmp.resolve("alpha.xml") + "\n\n");

        Run list = run("list", "-c", sock.toString(), "--all");
        assertThat(list.out()).contains(" Id   Name    State\n").contains(" -    alpha   shut off\n");
        assertThat(run("list", "-c", sock.toString()).out()).doesNotContain("alpha");
        assertThat(run("list", "-c", sock.toString(), "--all", "--name").out()).contains("alpha\n");
        assertThat(run("list", "-c", sock.toString(), "--state-shutoff", "--title").out()).contains("First");

        Run info = run("dominfo", "-c", sock.toString(), "alpha");
        assertThat(info.out()).contains("Name:           alpha\n", "State:          shut off\n", "CPU(s):         2\n",
                "Max memory:     65536 KiB\n", "Persistent:     yes\n", "Autostart:      disable\n");
        assertThat(run("domstate", "-c", sock.toString(), "--reason", "alpha").out()).startsWith("shut off (unknown)");
        assertThat(run("domid", "-c", sock.toString(), "alpha").out()).startsWith("-\n");
        String uuid = run("domuuid", "-c", sock.toString(), "alpha").out().strip();
        assertThat(uuid).matches("[0-9a-f-]{36}");
        assertThat(run("domname", "-c", sock.toString(), uuid).out()).startsWith("alpha");
        assertThat(run("dumpxml", "-c", sock.toString(), "alpha").out()).contains("<uuid>" + uuid + "</uuid>")
                .contains("<title>First</title>");
        assertThat(run("dominfo", "-c", sock.toString(), "--json", "alpha").out()).contains("\"state\" : \"SHUTOFF\"");

        assertThat(run("autostart", "-c", sock.toString(), "alpha").out()).startsWith("Domain 'alpha' marked as autostarted");
        assertThat(run("dominfo", "-c", sock.toString(), "alpha").out()).contains("Autostart:      enable");
        assertThat(run("autostart", "-c", sock.toString(), "--disable", "alpha").out())
                .startsWith("Domain 'alpha' unmarked as autostarted");

        // redefining without a UUID keeps the domain's UUID
        assertThat(run("define", "-c", sock.toString(), xml("alpha", "").toString()).exit()).isZero();
        assertThat(run("domuuid", "-c", sock.toString(), "alpha").out().strip()).isEqualTo(uuid);

        Run u = run("undefine", "-c", sock.toString(), "alpha");
        assertThat(u.out()).startsWith("Domain 'alpha' has been undefined");
        assertThat(run("list", "-c", sock.toString(), "--all").out()).doesNotContain("alpha");
        // the XML file follows the journal within about a second (write-behind)
        Path file = tmp.resolve("state/domains/alpha.xml");
        for (int i = 0; i < 300 && Files.exists(file); i++) {
            Thread.sleep(10);
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void errorsAreOneSentenceOnStderr() throws Exception {
        Run missing = run("dominfo", "-c", sock.toString(), "ghost");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("error: domain 'ghost' does not exist; 'jvirt list --all' shows the defined domains.\n");

        Path bad = tmp.resolve("bad.xml");
        Files.writeString(bad, "<domain type='qemu'>\n<name>x</name>\n<bogus/>\n<memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os>\n</domain>");
        Run r = run("define", "-c", sock.toString(), bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: domain XML line 3:").contains("bogus");

        Run notRunning = run("destroy", "-c", sock.toString(), "ghost");
        assertThat(notRunning.exit()).isEqualTo(1);

        Run usage = run("list", "--bogus-option");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).startsWith("error: Unknown option: '--bogus-option'");
    }

    @Test
    void stoppingAnInactiveDomainIsRefused() throws Exception {
        run("define", "-c", sock.toString(), xml("beta", "").toString());
        Run r = run("destroy", "-c", sock.toString(), "beta");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: domain 'beta' is not running.\n");
        assertThat(run("suspend", "-c", sock.toString(), "beta").err()).contains("is not running");
        run("undefine", "-c", sock.toString(), "beta");
    }

    @Test
    void consoleAndRebootOfAStoppedDomainAreRefusedBeforeAnythingElse() throws Exception {
        run("define", "-c", sock.toString(), xml("gamma", "").toString());
        Run console = run("console", "-c", sock.toString(), "gamma");
        assertThat(console.exit()).isEqualTo(1);
        assertThat(console.out()).isEmpty();
        assertThat(console.err()).isEqualTo("error: domain 'gamma' is not running.\n");

        Run reboot = run("reboot", "-c", sock.toString(), "gamma");
        assertThat(reboot.exit()).isEqualTo(1);
        assertThat(reboot.err()).isEqualTo("error: domain 'gamma' is not running.\n");
        Run mode = run("reboot", "-c", sock.toString(), "--mode", "acpi,warm", "gamma");
        assertThat(mode.exit()).isEqualTo(1);
        assertThat(mode.err()).isEqualTo("error: Unknown reboot mode 'warm'; the modes are acpi, agent, initctl, signal "
                + "and paravirt (comma-separated).\n");
        run("undefine", "-c", sock.toString(), "gamma");
    }

    @Test
    void connectOptionMayStandBeforeTheVerb() {
        assertThat(Main.hoistConnect(new String[]{"-c", "/s", "list", "--all"}))
                .containsExactly("list", "-c", "/s", "--all");
        assertThat(Main.hoistConnect(new String[]{"--connect=/s", "list"})).containsExactly("list", "--connect=/s");
        assertThat(Main.hoistConnect(new String[]{"list", "-c", "/s"})).containsExactly("list", "-c", "/s");
        assertThat(Main.hoistConnect(new String[]{"--version"})).containsExactly("--version");
    }

    @Test
    void globalQuietDropsTableHeadersAndConfirmations() throws Exception {
        try {
            assertThat(Main.hoistConnect(new String[]{"-q", "-c", "/s", "list", "--all"}))
                    .containsExactly("list", "-c", "/s", "--all");
            assertThat(Verb.quiet()).isTrue();
            StringBuilder sb = new StringBuilder();
            new Table("Id", "Name", "State").row("1", "web1", "running").render(sb);
            assertThat(sb).hasToString(" 1    web1   running\n");
            Run r = run("-q", "-c", sock.toString(), "define", xml("quiet", "").toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
        } finally {
            Verb.setQuiet(false);
            run("undefine", "-c", sock.toString(), "quiet");
        }
    }

    @Test
    void eventFollowsLifecycleEventsLikeVirsh() throws Exception {
        assertThat(run("define", "-c", sock.toString(), xml("evt1", "").toString()).exit()).isZero();
        // own threads: the common pool may have a single worker on a 2-core machine
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        java.util.concurrent.Future<Run> looping = threads.submit(
                () -> run("event", "-c", sock.toString(), "--loop", "--timeout", "3", "--domain", "evt1"));
        java.util.concurrent.Future<Run> once = threads.submit(() -> run("event", "-c", sock.toString(), "--timeout", "20"));
        Thread.sleep(800); // both streams are open by now
        long t0 = System.nanoTime();
        assertThat(run("define", "-c", sock.toString(), xml("evt1", "<title>again</title>").toString()).exit()).isZero();
        assertThat(run("define", "-c", sock.toString(), xml("evt2", "").toString()).exit()).isZero();

        Run first = once.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("stops at the first event, long before its timeout")
                .isLessThan(10_000);
        assertThat(first.out()).isEqualTo("event 'lifecycle' for domain 'evt1': Defined Updated\nevents received: 1\n");

        Run loop = looping.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(loop.exit()).as(loop.err()).isZero();
        assertThat(loop.out()).isEqualTo("event 'lifecycle' for domain 'evt1': Defined Updated\n"
                + "event loop timed out\nevents received: 1\n");

        Run bad = run("event", "-c", sock.toString(), "--event", "graphics", "--timeout", "5");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("jvirtd sends no 'graphics' events here; the kinds are lifecycle, reboot, "
                + "rtc-change, watchdog, io-error, io-error-reason, block-job, tray-change, pm-wakeup, pm-suspend, "
                + "balloon-change, pm-suspend-disk, device-removed, block-job-2, agent-lifecycle, device-added, "
                + "device-removal-failed.");
        Run missing = run("event", "-c", sock.toString(), "--domain", "no-such-vm", "--loop");
        assertThat(missing.exit()).as("a filter naming nothing is an error, not an endless wait").isEqualTo(1);
        assertThat(missing.err()).contains("no-such-vm");
        run("undefine", "-c", sock.toString(), "evt1");
        run("undefine", "-c", sock.toString(), "evt2");
        threads.shutdown();
    }

    @Test
    void netEventFollowsNetworkLifecycleEvents() throws Exception {
        Path net = tmp.resolve("evnet.xml");
        Files.writeString(net, "<network><name>evnet</name><bridge name='jvtev0'/>"
                + "<ip address='10.123.45.1' prefix='24'/></network>");
        Run d = run("net-define", "-c", sock.toString(), net.toString());
        assertThat(d.exit()).as(d.err()).isZero();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        java.util.concurrent.Future<Run> loop = threads.submit(
                () -> run("net-event", "-c", sock.toString(), "--loop", "--timeout", "3", "--network", "evnet"));
        Thread.sleep(800);
        Run again = run("net-define", "-c", sock.toString(), net.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        Run u = run("net-undefine", "-c", sock.toString(), "evnet");
        assertThat(u.exit()).as(u.err()).isZero();
        Run r = loop.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("event 'lifecycle' for network evnet: Defined\n"
                + "event 'lifecycle' for network evnet: Undefined\n"
                + "event loop timed out\nevents received: 2\n");
        threads.shutdown();
    }

    @Test
    void poolEventFollowsPoolLifecycleEvents() throws Exception {
        Path dir = tmp.resolve("evpool-dir");
        Path pool = tmp.resolve("evpool.xml");
        Files.writeString(pool, "<pool type='dir'><name>evpool</name><target><path>" + dir + "</path></target></pool>");
        Run d = run("pool-define", "-c", sock.toString(), pool.toString());
        assertThat(d.exit()).as(d.err()).isZero();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        java.util.concurrent.Future<Run> loop = threads.submit(
                () -> run("pool-event", "-c", sock.toString(), "--loop", "--timeout", "4", "--pool", "evpool", "--json"));
        Thread.sleep(800);
        for (String verb : new String[] {"pool-build", "pool-start", "pool-destroy", "pool-delete", "pool-undefine"}) {
            Run r = run(verb, "-c", sock.toString(), "evpool");
            assertThat(r.exit()).as(verb + ": " + r.err()).isZero();
        }
        Run r = loop.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isZero();
        // --json: one JSON document per line and nothing else
        assertThat(r.out().lines().map(l -> l.replaceAll(".*\"event\":\"([a-z]+)\".*", "$1")).toList())
                .containsExactly("created", "started", "stopped", "deleted", "undefined");
        assertThat(r.out().lines()).allMatch(l -> l.startsWith("{\"pool\":\"evpool\""));
        threads.shutdown();
    }
}
