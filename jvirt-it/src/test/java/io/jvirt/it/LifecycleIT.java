package io.jvirt.it;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import io.jvirt.sys.ProcStat;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Boots the real test guest under QEMU (TCG here) through a real jvirtd process. */
class LifecycleIT extends DaemonTest {
    private Path defineFile(String name) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, TestGuest.xml(name, ""));
        return f;
    }

    static void waitReady(JvirtClient c, String name) throws Exception {
        waitForConsole(c, name, TestGuest.READY);
    }

    /** True once a new QEMU (not {@code oldPid}) runs the domain and has been resumed. */
    static boolean restarted(DomainInfo i, long oldPid) {
        return i.pid() != 0 && i.pid() != oldPid && i.state() == DomainState.RUNNING;
    }

    static DomainInfo waitState(JvirtClient c, String name, DomainState state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        DomainInfo i = c.info(name);
        while (i.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(20);
            i = c.info(name);
        }
        return i;
    }

    @Test
    void bootSuspendResumeAndAcpiShutdown() throws Exception {
        Cli.Result def = Cli.run(sock, "define", defineFile("vm1").toString());
        assertThat(def.exit()).as(def.err()).isZero();
        assertThat(def.out()).contains("Domain 'vm1' defined from");
        Cli.Result start = Cli.run(sock, "start", "vm1");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("Domain 'vm1' started");
        try (JvirtClient c = daemon.client()) {
            waitReady(c, "vm1");
            DomainInfo info = c.info("vm1");
            assertThat(info.state()).isEqualTo(DomainState.RUNNING);
            assertThat(info.accel()).isIn("kvm", "tcg");
            assertThat(Cli.run(sock, "domstate", "--reason", "vm1").out()).startsWith("running (booted)");

            assertThat(Cli.run(sock, "suspend", "vm1").exit()).isZero();
            assertThat(Cli.run(sock, "domstate", "--reason", "vm1").out()).startsWith("paused (user)");
            assertThat(Cli.run(sock, "resume", "vm1").exit()).isZero();
            assertThat(Cli.run(sock, "domstate", "--reason", "vm1").out()).startsWith("running (unpaused)");

            long pid = c.info("vm1").pid();
            Cli.Result sd = Cli.run(sock, "shutdown", "--timeout", "30", "vm1");
            assertThat(sd.exit()).as(sd.err()).isZero();
            DomainInfo off = c.info("vm1");
            assertThat(off.state()).isEqualTo(DomainState.SHUTOFF);
            assertThat(off.reason()).isEqualTo("shutdown");
            assertThat(ProcStat.read(pid).filter(ProcStat::alive)).isEmpty();
            assertThat(Files.list(daemon.stateDir.resolve("run")).toList()).isEmpty();
        }
    }

    @Test
    void destroyLeavesNothingBehind() throws Exception {
        Cli.Result create = Cli.run(sock, "create", defineFile("tr1").toString());
        assertThat(create.exit()).as(create.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            long pid = c.info("tr1").pid();
            assertThat(ProcStat.read(pid).filter(ProcStat::alive)).isPresent();
            Cli.Result d = Cli.run(sock, "destroy", "tr1");
            assertThat(d.exit()).as(d.err()).isZero();
            assertThat(d.out()).contains("Domain 'tr1' destroyed");
            assertThat(ProcStat.read(pid).filter(ProcStat::alive)).isEmpty();
            // transient: gone after it stops
            assertThat(Cli.run(sock, "dominfo", "tr1").exit()).isNotZero();
            assertThat(Files.list(daemon.stateDir.resolve("run")).toList()).isEmpty();
        }
    }

    @Test
    void qemuKilledFromOutsideIsCrashed() throws Exception {
        Cli.run(sock, "define", defineFile("vm2").toString());
        assertThat(Cli.run(sock, "start", "vm2").exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            long pid = c.info("vm2").pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            DomainInfo i = waitState(c, "vm2", DomainState.SHUTOFF);
            assertThat(i.state()).isEqualTo(DomainState.SHUTOFF);
            assertThat(i.reason()).isEqualTo("crashed");
            assertThat(Cli.run(sock, "start", "vm2").exit()).isZero();
        }
    }

    @Test
    void daemonKill9KeepsThreeVmsRunningAndManageable() throws Exception {
        List<String> names = List.of("k1", "k2", "k3");
        for (String n : names) {
            assertThat(Cli.run(sock, "define", defineFile(n).toString()).exit()).isZero();
            assertThat(Cli.run(sock, "start", n).exit()).isZero();
        }
        Map<String, Long> pids = new java.util.HashMap<>();
        try (JvirtClient c = daemon.client()) {
            for (String n : names) {
                pids.put(n, c.info(n).pid());
            }
        }
        daemon.kill9();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
        try (JvirtClient c = daemon.client()) {
            for (String n : names) {
                DomainInfo i = c.info(n);
                assertThat(i.state()).as(n).isEqualTo(DomainState.RUNNING);
                assertThat(i.pid()).isEqualTo(pids.get(n));
            }
            waitReady(c, "k1");
            assertThat(Cli.run(sock, "suspend", "k2").exit()).isZero();
            assertThat(c.info("k2").state()).isEqualTo(DomainState.PAUSED);
            assertThat(Cli.run(sock, "destroy", "k3").exit()).isZero();
            assertThat(c.info("k3").reason()).isEqualTo("destroyed");
            assertThat(ProcStat.read(pids.get("k3")).filter(ProcStat::alive)).isEmpty();
            // QEMU's exit is still noticed for a reattached (non-child) process
            ProcessHandle.of(pids.get("k1")).orElseThrow().destroyForcibly();
            assertThat(waitState(c, "k1", DomainState.SHUTOFF).reason()).isEqualTo("crashed");
        }
    }

    @Test
    void vmThatEndedWhileDaemonWasDownIsShutOff() throws Exception {
        Cli.run(sock, "define", defineFile("gone").toString());
        assertThat(Cli.run(sock, "start", "gone").exit()).isZero();
        long pid;
        try (JvirtClient c = daemon.client()) {
            pid = c.info("gone").pid();
        }
        daemon.kill9();
        ProcessHandle.of(pid).orElseThrow().destroy();
        while (ProcStat.read(pid).filter(ProcStat::alive).isPresent()) {
            Thread.sleep(10);
        }
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
        try (JvirtClient c = daemon.client()) {
            DomainInfo i = c.info("gone");
            assertThat(i.state()).isEqualTo(DomainState.SHUTOFF);
            assertThat(i.reason()).isNotBlank();
        }
    }

    @Test
    void autostartDomainsStartWithTheDaemon() throws Exception {
        Cli.run(sock, "define", defineFile("auto").toString());
        Cli.Result a = Cli.run(sock, "autostart", "auto");
        assertThat(a.out()).contains("Domain 'auto' marked as autostarted");
        daemon.close();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
        try (JvirtClient c = daemon.client()) {
            assertThat(waitState(c, "auto", DomainState.RUNNING).state()).isEqualTo(DomainState.RUNNING);
            assertThat(Cli.run(sock, "dominfo", "auto").out()).contains("Autostart:      enable");
        }
    }

    @Test
    void parallelStartDestroyLeavesConsistentState() throws Exception {
        Cli.run(sock, "define", defineFile("par").toString());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String verb = i % 2 == 0 ? "start" : "destroy";
            threads.add(Thread.ofVirtual().start(() -> Cli.run(sock, verb, "par")));
        }
        for (Thread t : threads) {
            t.join();
        }
        try (JvirtClient c = daemon.client()) {
            DomainInfo i = c.info("par");
            long qemus = ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("guest=par,")).orElse(false))
                    .filter(p -> ProcStat.read(p.pid()).map(ProcStat::alive).orElse(false))
                    .count();
            if (i.state() == DomainState.RUNNING) {
                assertThat(qemus).isEqualTo(1);
                assertThat(ProcStat.read(i.pid()).filter(ProcStat::alive)).isPresent();
            } else {
                assertThat(i.state()).isEqualTo(DomainState.SHUTOFF);
                assertThat(qemus).isZero();
            }
        }
    }

    /** How many times the guest has printed its ready line on its console so far. */
    static int readyCount(JvirtClient c, String name) {
        String log = new String(c.consoleLog(name, 0), java.nio.charset.StandardCharsets.UTF_8);
        return log.split(TestGuest.READY, -1).length - 1;
    }

    private static long guestMemTotalKiB(GuestShell shell) throws Exception {
        GuestShell.Result r = shell.run("grep MemTotal /proc/meminfo", Duration.ofSeconds(20));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void rebootKeepsQemuAndTheLiveDefinitionUntilTheNextFullStart() throws Exception {
        Cli.run(sock, "define", defineFile("rb").toString());
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        JvirtClient stream = daemon.client();
        Thread listener = Thread.ofVirtual().start(() -> {
            try {
                stream.events(e -> seen.add(e.domain() + ":" + e.event() + ":" + e.detail()));
            } catch (RuntimeException closed) {
                // the test closes the stream
            }
        });
        Thread.sleep(200);
        assertThat(Cli.run(sock, "start", "rb").exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitReady(c, "rb");
            DomainInfo before = c.info("rb");
            long memBefore;
            try (GuestShell shell = new GuestShell(c, "rb")) {
                memBefore = guestMemTotalKiB(shell);
            }
            // an edit of the persistent definition waits for the next full start
            Path bigger = tmp.resolve("rb-bigger.xml");
            Files.writeString(bigger, TestGuest.xml("rb", "").replace("<memory unit='MiB'>192</memory>",
                    "<memory unit='MiB'>256</memory>"));
            assertThat(Cli.run(sock, "define", bigger.toString()).exit()).isZero();

            // a console session stays attached through the reboot (the same QEMU keeps its console)
            try (GuestShell console = new GuestShell(c, "rb")) {
                Cli.Result r = Cli.run(sock, "reboot", "rb");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).isEqualTo("Domain 'rb' is being rebooted\n\n");
                List<String> states = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline && readyCount(c, "rb") < 2) {
                    states.add(Cli.run(sock, "domstate", "--reason", "rb").out().strip());
                    Thread.sleep(20);
                }
                assertThat(readyCount(c, "rb")).as("the guest booted a second time").isEqualTo(2);
                // as libvirt: the domain stays running while its guest is off between power-off and reset
                assertThat(states).isNotEmpty().allMatch(s -> s.startsWith("running ("), "running");
                assertThat(Cli.run(sock, "domstate", "--reason", "rb").out()).isEqualTo("running (booted)\n\n");
                DomainInfo after = c.info("rb");
                assertThat(after.id()).isEqualTo(before.id());
                assertThat(after.pid()).isEqualTo(before.pid());
                assertThat(Cli.run(sock, "domid", "rb").out()).startsWith(before.id() + "\n");
                assertThat(ProcStat.read(before.pid()).filter(ProcStat::alive)).isPresent();
                // the live configuration is the one QEMU started with
                assertThat(c.xml("rb", false)).contains("<memory unit='KiB'>196608</memory>");
                assertThat(c.xml("rb", true)).contains("<memory unit='KiB'>262144</memory>");
                assertThat(guestMemTotalKiB(console)).isEqualTo(memBefore);
            }

            assertThat(Cli.run(sock, "destroy", "rb").exit()).isZero();
            assertThat(Cli.run(sock, "start", "rb").exit()).isZero();
            waitReady(c, "rb");
            assertThat(c.xml("rb", false)).contains("<memory unit='KiB'>262144</memory>");
            assertThat(c.info("rb").pid()).isNotEqualTo(before.pid());
            try (GuestShell shell = new GuestShell(c, "rb")) {
                assertThat(guestMemTotalKiB(shell)).as("the guest sees the new memory").isGreaterThan(memBefore + 50_000);
            }
            assertThat(Cli.run(sock, "destroy", "rb").exit()).isZero();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && seen.stream().filter(e -> e.equals("rb:stopped:destroyed")).count() < 2) {
            Thread.sleep(20);
        }
        stream.close();
        listener.join(2000);
        // the reboot sends reboot events and no lifecycle event until the destroy
        assertThat(seen).containsSubsequence("rb:started:booted", "rb:reboot:null", "rb:stopped:destroyed",
                "rb:started:booted", "rb:stopped:destroyed");
        List<String> duringReboot = seen.subList(seen.indexOf("rb:started:booted") + 1, seen.indexOf("rb:stopped:destroyed"));
        assertThat(duringReboot).isNotEmpty().allMatch(e -> e.equals("rb:reboot:null") || e.startsWith("rb:defined:"));
    }

    @Test
    void theGuestsOwnRebootAndResetKeepQemu() throws Exception {
        Cli.run(sock, "define", defineFile("gr").toString());
        assertThat(Cli.run(sock, "start", "gr").exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitReady(c, "gr");
            long pid = c.info("gr").pid();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            try (GuestShell shell = new GuestShell(c, "gr")) {
                shell.send("reboot -f");
                while (System.nanoTime() < deadline && readyCount(c, "gr") < 2) {
                    Thread.sleep(50);
                }
            }
            assertThat(readyCount(c, "gr")).as(new String(c.consoleLog("gr", 0), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(2);
            Cli.Result reset = Cli.run(sock, "reset", "gr");
            assertThat(reset.exit()).as(reset.err()).isZero();
            while (System.nanoTime() < deadline && readyCount(c, "gr") < 3) {
                Thread.sleep(50);
            }
            assertThat(readyCount(c, "gr")).isEqualTo(3);
            assertThat(c.info("gr").pid()).isEqualTo(pid);
            assertThat(Cli.run(sock, "domstate", "--reason", "gr").out()).isEqualTo("running (booted)\n\n");
        }
    }

    @Test
    void onPoweroffRestartBringsTheGuestBack() throws Exception {
        Path f = tmp.resolve("pr.xml");
        Files.writeString(f, TestGuest.xml("pr", "").replace("<devices>", "<on_poweroff>restart</on_poweroff><devices>"));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        assertThat(Cli.run(sock, "start", "pr").exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitReady(c, "pr");
            long pid = c.info("pr").pid();
            assertThat(Cli.run(sock, "shutdown", "pr").exit()).isZero();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !restarted(c.info("pr"), pid)) {
                Thread.sleep(20);
            }
            assertThat(c.info("pr").state()).isEqualTo(DomainState.RUNNING);
            assertThat(c.info("pr").pid()).isNotEqualTo(pid);
        }
    }

    @Test
    void vncPasswordAndBalloonTargetAreSetBeforeTheGuestRuns() throws Exception {
        Path f = tmp.resolve("vnc.xml");
        Files.writeString(f, TestGuest.xml("vnc", "<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='pw'/>")
                .replace("<vcpu>", "<currentMemory unit='MiB'>128</currentMemory><vcpu>"));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "start", "vnc");
        assertThat(start.exit()).as(start.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            waitReady(c, "vnc");
            // the guest's balloon driver gives the memory back step by step; like libvirt, the
            // domain's memory follows QEMU's BALLOON_CHANGE events until it reaches the target
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.info("vnc").memoryKiB() != 128 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(c.info("vnc").memoryKiB()).isEqualTo(128 * 1024);
            // the password reaches QEMU over QMP only, never its command line
            String cmdline = Files.readString(Path.of("/proc", Long.toString(c.info("vnc").pid()), "cmdline"));
            assertThat(cmdline).doesNotContain("pw,").contains("password=on");
        }
    }

    @Test
    void undefiningARunningDomainMakesItTransientUntilItStops() throws Exception {
        Cli.run(sock, "define", defineFile("ut").toString());
        assertThat(Cli.run(sock, "start", "ut").exit()).isZero();
        Cli.Result u = Cli.run(sock, "undefine", "ut");
        assertThat(u.exit()).as(u.err()).isZero();
        assertThat(Cli.run(sock, "dominfo", "ut").out()).contains("State:          running", "Persistent:     no");
        assertThat(Cli.run(sock, "list", "--all", "--name").out()).contains("ut");
        assertThat(Cli.run(sock, "destroy", "ut").exit()).isZero();
        assertThat(Cli.run(sock, "list", "--all", "--name").out()).doesNotContain("ut");
        assertThat(Cli.run(sock, "dominfo", "ut").exit()).isEqualTo(1);
    }
}
