package io.jvirt.daemon.domain;

import static io.jvirt.daemon.domain.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.qemu.qmp.QemuMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reboot, shutdown, reset and the guest's own power-offs through {@link DomainService} with
 * an in-memory QEMU ({@link FakeQemu}): which monitor commands the daemon sends, whether the
 * process is kept, the state and the events, as libvirt's QEMU driver does it.
 */
class GuestPowerTest {
    @TempDir
    Path state;
    FakeQemu.Launcher launcher;
    DomainService domains;
    List<String> events;
    AutoCloseable subscription;

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        EventBus bus = new EventBus();
        events = new CopyOnWriteArrayList<>();
        subscription = bus.subscribe(e -> events.add(e.event() + (e.detail() == null ? "" : ":" + e.detail())));
        domains = service(bus);
    }

    private DomainService service(EventBus bus) throws Exception {
        DomainService s = new DomainService(new DefinitionStore(state), new RuntimeStore(state), bus, HostFacts.read(),
                FakeQemu.TCG, "qemu-system-x86_64", launcher);
        s.load();
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        subscription.close();
        domains.close();
    }

    private static String xml(String name, String extra) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features>" + extra
                + "<devices><serial type='pty'><target port='0'/></serial></devices></domain>";
    }

    private FakeQemu started(String name, String extra) {
        domains.execute(new DomainCommand.Define(xml(name, extra)));
        domains.execute(new DomainCommand.Start(name, false));
        return launcher.last();
    }

    private String record(String name) throws Exception {
        DomainObj d = domains.lookup(name);
        return Files.readString(state.resolve("run").resolve(d.uuid().toString()).resolve("runtime.json"));
    }

    @Test
    void qemuAlwaysRunsWithNoShutdown() {
        FakeQemu q = started("argv", "");
        assertThat(q.argv).contains("-no-shutdown").doesNotContain("-no-reboot");
    }

    @Test
    void rebootResetsAndContinuesTheSameQemuOnceTheGuestIsOff() throws Exception {
        FakeQemu q = started("rb", "");
        DomainObj d = domains.lookup("rb");
        int id = d.status().id();
        events.clear();

        domains.execute(new DomainCommand.Reboot("rb", Set.of()));
        assertThat(q.commands).endsWith("system_powerdown");
        assertThat(record("rb")).contains("\"rebootPending\":true");

        CountDownLatch release = new CountDownLatch(1);
        q.holdReset = release;
        q.guestPowersOff();
        eventually("the daemon resets the machine", () -> q.commands.contains("system_reset"));
        // while the guest is off the domain stays running, as in libvirt (no pause, no shutdown state)
        q.drainEvents();
        assertThat(d.status().state()).isEqualTo(DomainState.RUNNING);
        release.countDown();

        eventually("QEMU runs again", () -> q.commands.contains("cont") && q.commands.lastIndexOf("cont")
                > q.commands.indexOf("system_reset"));
        q.drainEvents();
        eventually("the reboot is recorded as done", () -> {
            try {
                return record("rb").contains("\"rebootPending\":false");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(launcher.spawned).containsExactly(q);
        assertThat(q.commands).doesNotContain("quit", "SIGTERM");
        assertThat(d.status()).satisfies(s -> {
            assertThat(s.state()).isEqualTo(DomainState.RUNNING);
            assertThat(s.reason()).isEqualTo(StateReason.BOOTED);
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.pid()).isEqualTo(q.pid);
        });
        assertThat(events).containsExactly(DomainEvent.REBOOT);
    }

    @Test
    void rebootKeepsTheLiveDefinitionAndTheNextFullStartTakesTheEdit() throws Exception {
        FakeQemu q = started("edit", "");
        domains.execute(new DomainCommand.Define(xml("edit", "").replace("'MiB'>64<", "'MiB'>96<")));
        domains.execute(new DomainCommand.Reboot("edit", Set.of()));
        q.guestPowersOff();
        eventually("the guest runs again", () -> q.commands.contains("cont")
                && q.commands.lastIndexOf("cont") > q.commands.indexOf("system_powerdown"));
        assertThat(domains.lookup("edit").liveDef().memoryKiB()).isEqualTo(64 * 1024);
        assertThat(launcher.spawned).hasSize(1);

        domains.execute(new DomainCommand.Destroy("edit"));
        domains.execute(new DomainCommand.Start("edit", false));
        assertThat(domains.lookup("edit").liveDef().memoryKiB()).isEqualTo(96 * 1024);
        assertThat(launcher.last().argv).contains("size=98304k");
    }

    @Test
    void aGuestPowerOffWithoutTheMarkEndsQemuAsAShutdown() throws Exception {
        FakeQemu q = started("off", "");
        events.clear();
        domains.execute(new DomainCommand.Shutdown("off", null));
        q.guestPowersOff();
        eventually("the domain is off", () -> !domains.lookup("off").status().active());
        assertThat(q.commands).contains("quit").doesNotContain("system_reset", "SIGTERM");
        assertThat(domains.lookup("off").status().reason()).isEqualTo(StateReason.SHUTDOWN);
        assertThat(events).containsExactly("shutdown:finished after guest request", "stopped:shutdown");
        assertThat(Files.list(state.resolve("run")).toList()).isEmpty();
    }

    @Test
    void shutdownWithTimeoutWaitsForTheEnd() {
        FakeQemu q = started("wait", "");
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            q.guestPowersOff();
        });
        domains.execute(new DomainCommand.Shutdown("wait", Duration.ofSeconds(10)));
        assertThat(domains.lookup("wait").status()).isEqualTo(DomainStatus.shutoff(StateReason.SHUTDOWN));
    }

    @Test
    void onPoweroffRestartStillStartsAFreshQemu() throws Exception {
        FakeQemu first = started("pr", "<on_poweroff>restart</on_poweroff>");
        first.guestPowersOff();
        eventually("a second QEMU runs", () -> launcher.spawned.size() == 2
                && domains.lookup("pr").status().state() == DomainState.RUNNING);
        assertThat(first.commands).contains("quit");
        assertThat(domains.lookup("pr").status().pid()).isEqualTo(launcher.last().pid);
    }

    @Test
    void onPoweroffPreserveLeavesQemuWaiting() throws Exception {
        FakeQemu q = started("keep", "<on_poweroff>preserve</on_poweroff>");
        q.guestPowersOff();
        q.drainEvents();
        Thread.sleep(100);
        assertThat(q.commands).doesNotContain("quit", "system_reset", "SIGTERM");
        assertThat(domains.lookup("keep").status().state()).isEqualTo(DomainState.SHUTDOWN);
        domains.execute(new DomainCommand.Destroy("keep"));
        assertThat(domains.lookup("keep").status().reason()).isEqualTo(StateReason.DESTROYED);
    }

    @Test
    void withOnRebootDestroyRebootPowersOffAndAGuestResetEndsTheDomain() throws Exception {
        FakeQemu q = started("nr", "<on_poweroff>restart</on_poweroff><on_reboot>destroy</on_reboot>");
        assertThat(q.argv).contains("-no-reboot", "-no-shutdown");
        domains.execute(new DomainCommand.Reboot("nr", Set.of()));
        assertThat(record("nr")).contains("\"rebootPending\":false");
        // -no-reboot turns the guest's reset into a power-off with reason guest-reset: it stays off
        q.guestPowersOff("guest-reset");
        eventually("the domain is off", () -> !domains.lookup("nr").status().active());
        assertThat(launcher.spawned).hasSize(1);
        assertThat(q.commands).contains("quit").doesNotContain("system_reset");
    }

    @Test
    void shutdownAfterRebootCancelsTheReboot() throws Exception {
        FakeQemu q = started("cancel", "");
        domains.execute(new DomainCommand.Reboot("cancel", Set.of()));
        domains.execute(new DomainCommand.Shutdown("cancel", null));
        assertThat(record("cancel")).contains("\"rebootPending\":false");
        q.guestPowersOff();
        eventually("the domain is off", () -> !domains.lookup("cancel").status().active());
        assertThat(q.commands).doesNotContain("system_reset");
    }

    @Test
    void resetAndTheGuestsOwnRebootKeepQemuAndSendRebootEvents() throws Exception {
        FakeQemu q = started("rs", "");
        events.clear();
        domains.execute(new DomainCommand.Reboot("rs", Set.of()));
        domains.execute(new DomainCommand.Reset("rs"));
        assertThat(q.commands).endsWith("system_powerdown", "system_reset");
        assertThat(record("rs")).contains("\"rebootPending\":false");
        q.guestResets();
        q.drainEvents();
        assertThat(events).containsExactly(DomainEvent.REBOOT, DomainEvent.REBOOT);
        assertThat(launcher.spawned).containsExactly(q);
        assertThat(domains.lookup("rs").status().state()).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void aFailedPowerButtonLeavesNoMark() throws Exception {
        started("gone", "");
        FakeQemu q = launcher.last();
        domains.execute(new DomainCommand.Destroy("gone"));
        assertThatThrownBy(() -> domains.execute(new DomainCommand.Reboot("gone", Set.of())))
                .isInstanceOf(DaemonException.class).hasMessage("domain 'gone' is not running.");
        assertThat(q.commands).doesNotContain("system_powerdown");
    }

    @Test
    void modesOtherThanAcpiAndAgentAreRefusedAndAgentNeedsItsChannel() {
        FakeQemu q = started("modes", "");
        assertThatThrownBy(() -> domains.execute(new DomainCommand.Reboot("modes", EnumSet.of(RebootMode.INITCTL))))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessage("The QEMU driver cannot reboot a domain with mode initctl; use --mode acpi (the ACPI "
                        + "power button) or --mode agent (the QEMU guest agent).");
        assertThatThrownBy(() -> domains.execute(new DomainCommand.Reboot("modes", EnumSet.of(RebootMode.AGENT))))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageStartingWith("Domain 'modes' has no QEMU guest agent channel, so it cannot be rebooted "
                        + "with --mode agent; use --mode acpi");
        assertThat(q.commands).doesNotContain("system_powerdown");
        // agent with acpi as the fallback: no channel, so the power button
        domains.execute(new DomainCommand.Reboot("modes", EnumSet.of(RebootMode.AGENT, RebootMode.ACPI)));
        assertThat(q.commands).endsWith("system_powerdown");
        assertThatThrownBy(() -> RebootMode.parse("acpi,warm"))
                .isInstanceOfSatisfying(DaemonException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("Unknown reboot mode 'warm'");
        assertThat(RebootMode.parse("agent,acpi")).containsExactlyInAnyOrder(RebootMode.AGENT, RebootMode.ACPI);
        assertThat(RebootMode.parse(null)).isEmpty();
    }

    @Test
    void aRestartedDaemonFinishesARebootWhoseGuestPoweredOffMeanwhile() throws Exception {
        FakeQemu q = started("away", "");
        domains.execute(new DomainCommand.Reboot("away", Set.of()));
        domains.close();
        // the daemon is gone while the guest powers off: QEMU waits in its shutdown state
        q.attach(e -> { });
        q.guestPowersOff();
        q.drainEvents();
        assertThat(q.queryStatus()).isEqualTo(QemuMonitor.RunState.SHUTDOWN);

        domains = service(new EventBus());
        eventually("the reboot completes", () -> q.commands.contains("system_reset") && q.commands.getLast().equals("cont"));
        DomainStatus s = domains.lookup("away").status();
        assertThat(s.state()).isEqualTo(DomainState.RUNNING);
        assertThat(s.pid()).isEqualTo(q.pid);
        assertThat(launcher.spawned).hasSize(1);
    }

    @Test
    void aRestartedDaemonEndsAGuestThatPoweredOffMeanwhile() throws Exception {
        FakeQemu q = started("away2", "");
        domains.close();
        q.attach(e -> { });
        q.guestPowersOff();
        q.drainEvents();
        domains = service(new EventBus());
        eventually("the domain is off", () -> !domains.lookup("away2").status().active());
        assertThat(domains.lookup("away2").status().reason()).isEqualTo(StateReason.SHUTDOWN);
        assertThat(q.commands).contains("quit");
    }
}
