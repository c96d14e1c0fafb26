package io.jvirt.daemon.domain;

import static io.jvirt.daemon.domain.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.qemu.qmp.MonitorEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest's clock, watchdog, I/O error, power-management and tray notices through
 * {@link DomainService} with an in-memory QEMU ({@link FakeQemu}): the events libvirt sends for
 * them and the states it records.
 */
class GuestNoticesTest {
    private static final Instant NOW = Instant.EPOCH;
    @TempDir
    Path state;
    FakeQemu.Launcher launcher;
    DomainService domains;
    List<String> events;
    AutoCloseable subscription;
    Path root;

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        EventBus bus = new EventBus();
        events = new CopyOnWriteArrayList<>();
        subscription = bus.subscribe(e -> events.add(e.event() + (e.detail() == null ? "" : ":" + e.detail())));
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), bus, HostFacts.read(),
                FakeQemu.TCG, "qemu-system-x86_64", launcher);
        domains.load();
    }

    @AfterEach
    void stop() throws Exception {
        subscription.close();
        domains.close();
    }

    private FakeQemu started() throws Exception {
        root = Files.write(state.resolve("root.img"), new byte[4096]);
        domains.execute(new DomainCommand.Define("<domain type='qemu'><name>n</name><memory unit='MiB'>64</memory>"
                + "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + root + "'/>"
                + "<target dev='vda' bus='virtio'/></disk><serial type='pty'><target port='0'/></serial>"
                + "</devices></domain>"));
        domains.execute(new DomainCommand.Start("n", false));
        events.clear();
        return launcher.last();
    }

    @Test
    void theClockTheWatchdogAndATrayBecomeLibvirtsEvents() throws Exception {
        FakeQemu q = started();
        q.emit(new MonitorEvent.RtcChange(-3600, NOW));
        q.emit(new MonitorEvent.Watchdog("reset", NOW));
        q.emit(new MonitorEvent.TrayMoved("ide0-1-0", true, NOW));
        eventually(() -> "three events; events: " + events, () -> events.size() == 3);
        assertThat(events).containsExactly("rtc-change:-3600", "watchdog:reset", "tray-change:ide0-1-0: opened");
    }

    @Test
    void anIoErrorNamesTheDiskAndAStopForItIsAPauseForAnIoError() throws Exception {
        FakeQemu q = started();
        q.driveNodes.put("virtio-disk0", "vda-fmt");
        q.emit(new MonitorEvent.IoError("vda-fmt", "write", "stop", true, "No space left on device", NOW));
        q.emit(new MonitorEvent.Stop(NOW));
        eventually(() -> "the I/O error events; events: " + events, () -> events.size() == 3);
        assertThat(events).containsExactlyInAnyOrder("suspended:ioerror",
                "io-error:" + root + " (virtio-disk0) pause",
                "io-error-reason:" + root + " (virtio-disk0) pause due to enospc");
        assertThat(domains.lookup("n").status().state()).isEqualTo(DomainState.PAUSED);
        assertThat(domains.lookup("n").status().reason()).isEqualTo(StateReason.IO_ERROR);

        // the next pause after a resume is an ordinary one again
        q.emit(new MonitorEvent.Resume(NOW));
        eventually(() -> "running; events: " + events,
                () -> domains.lookup("n").status().state() == DomainState.RUNNING);
        q.emit(new MonitorEvent.Stop(NOW));
        eventually(() -> "paused; events: " + events,
                () -> domains.lookup("n").status().state() == DomainState.PAUSED);
        assertThat(domains.lookup("n").status().reason()).isEqualTo(StateReason.UNKNOWN);
    }

    @Test
    void errorsThatKeepComingOnOneDiskAskQemuOnceWhichDiskItIs() throws Exception {
        FakeQemu q = started();
        q.driveNodes.put("virtio-disk0", "vda-fmt");
        for (int i = 0; i < 3; i++) {
            q.emit(new MonitorEvent.IoError("vda-fmt", "read", "report", false, "Input/output error", NOW));
        }
        eventually(() -> "the I/O error events; events: " + events, () -> events.size() == 6);
        assertThat(events).containsOnly("io-error:" + root + " (virtio-disk0) report",
                "io-error-reason:" + root + " (virtio-disk0) report due to Input/output error");
        assertThat(q.commands).filteredOn(c -> c.startsWith("query-block")).containsExactly("query-block virtio-disk0");
    }

    @Test
    void anErrorOnANodeNoDiskUsesIsReportedWithoutADisk() throws Exception {
        FakeQemu q = started();
        q.emit(new MonitorEvent.IoError("jv-9-mem", "read", "report", false, "Input/output error", NOW));
        eventually(() -> "the I/O error events; events: " + events, () -> events.size() == 2);
        assertThat(events).containsExactly("io-error: () report",
                "io-error-reason: () report due to Input/output error");
        assertThat(domains.lookup("n").status().state()).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void aSuspendToRamIsPmsuspendedUntilTheWakeUp() throws Exception {
        FakeQemu q = started();
        q.emit(new MonitorEvent.PowerManagement(MonitorEvent.PmChange.SUSPEND, NOW));
        eventually(() -> "suspended; events: " + events, () -> events.size() == 2);
        assertThat(events).containsExactly("pmsuspended:memory", "pm-suspend");
        assertThat(domains.lookup("n").status().state()).isEqualTo(DomainState.PMSUSPENDED);

        events.clear();
        q.emit(new MonitorEvent.PowerManagement(MonitorEvent.PmChange.WAKEUP, NOW));
        eventually(() -> "woken; events: " + events, () -> events.size() == 2);
        assertThat(events).containsExactly("started:wakeup", "pm-wakeup");
        assertThat(domains.lookup("n").status().state()).isEqualTo(DomainState.RUNNING);
        assertThat(domains.lookup("n").status().reason()).isEqualTo(StateReason.WAKEUP);
    }
}
