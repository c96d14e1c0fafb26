package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.BlockStats;
import io.jvirt.api.DomainStats;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.SendKeyRequest;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.inspect.StatsFilter;
import io.jvirt.daemon.inspect.StatsGroup;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.qemu.qmp.BlockIoStats;
import io.jvirt.qemu.qmp.InspectMonitor.ScreenFormat;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection queries through {@link DomainService} with an in-memory QEMU. */
class InspectServiceTest {
    @TempDir
    Path state;
    FakeQemu.Launcher launcher;
    DomainService domains;

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), FakeQemu.TCG, "qemu-system-x86_64", launcher);
        domains.load();
    }

    @AfterEach
    void stop() {
        domains.close();
    }

    private FakeQemu started(String name) {
        domains.execute(new DomainCommand.Define("<domain type='qemu'><name>" + name + "</name>"
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
                + "<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                + "<source file='/dev/null'/><target dev='vda' bus='virtio'/></disk>"
                + "<graphics type='vnc'/><video><model type='vga'/></video></devices></domain>"));
        domains.execute(new DomainCommand.Start(name, false));
        return launcher.last();
    }

    @Test
    void queriesDoNotWaitForTheJobLock() throws Exception {
        FakeQemu q = started("busy");
        q.blockStats = List.of(new BlockIoStats("vda-fmt", "/machine/peripheral/virtio-disk0/virtio-backend", 512, 0, 1, 0, 0, 10, 0, 0, null));
        DomainObj obj = domains.lookup("busy");
        obj.job.lock(); // a long job holds the domain
        try {
            CompletableFuture<BlockStats> stats = CompletableFuture.supplyAsync(
                    () -> domains.inspect().blockStats("busy", "vda"));
            assertThat(stats.get(5, TimeUnit.SECONDS).rdBytes()).isEqualTo(512);
            CompletableFuture<List<DomainStats>> all = CompletableFuture.supplyAsync(() -> domains.inspect()
                    .stats(EnumSet.of(StatsGroup.STATE, StatsGroup.BLOCK), StatsFilter.NONE, List.of()));
            assertThat(all.get(5, TimeUnit.SECONDS).getFirst().stats()).containsEntry("block.0.rd.reqs", 1L);
        } finally {
            obj.job.unlock();
        }
    }

    @Test
    void aMonitorCommandTaintsTheRunningQemuOnly() {
        FakeQemu q = started("taint");
        assertThat(DomainMessages.of(domains.lookup("taint"))).isEmpty();
        assertThat(domains.inspect().monitorCommand("taint", "info status", true)).startsWith("VM status");
        assertThat(q.commands).contains("human-monitor-command info status");
        assertThat(DomainMessages.of(domains.lookup("taint")))
                .containsExactly("tainted: custom monitor control commands issued");
        domains.execute(new DomainCommand.Destroy("taint"));
        domains.execute(new DomainCommand.Start("taint", false));
        assertThat(DomainMessages.of(domains.lookup("taint"))).isEmpty();
    }

    @Test
    void theTaintOutlivesADaemonRestart() throws Exception {
        started("kept");
        domains.inspect().monitorCommand("kept", "{\"execute\":\"query-status\"}", false);
        domains.close();
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), FakeQemu.TCG, "qemu-system-x86_64", launcher);
        domains.load();
        assertThat(domains.lookup("kept").status().active()).isTrue();
        assertThat(DomainMessages.of(domains.lookup("kept")))
                .containsExactly("tainted: custom monitor control commands issued");
    }

    @Test
    void sendKeyTranslatesNamesAndNamesEveryBadKey() {
        FakeQemu q = started("keys");
        domains.inspect().sendKey("keys", new SendKeyRequest("linux", 50, List.of("KEY_LEFTCTRL", "KEY_C")));
        assertThat(q.commands).contains("send-key [29, 46] 50");
        assertThatThrownBy(() -> domains.inspect().sendKey("keys",
                new SendKeyRequest("linux", 0, List.of("KEY_A", "XX", "YY"))))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("invalid keycode: 'XX', 'YY'");
        assertThatThrownBy(() -> domains.inspect().sendKey("keys", new SendKeyRequest("win32", 0, List.of("1"))))
                .hasMessageContaining("win32");
    }

    @Test
    void screenshotReadsQemusFileAndRemovesIt() throws Exception {
        started("pic");
        byte[] png = domains.inspect().screenshot("pic", 0, ScreenFormat.PNG);
        assertThat(png).startsWith((byte) 0x89, (byte) 'P');
        try (var files = java.nio.file.Files.walk(state)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("screendump"))).isEmpty();
        }
        assertThatThrownBy(() -> domains.inspect().screenshot("pic", 3, ScreenFormat.PNG))
                .hasMessageContaining("no screen 3");
    }

    @Test
    void unknownDisksAndStoppedDomainsAreClearErrors() {
        started("errs");
        assertThatThrownBy(() -> domains.inspect().blockStats("errs", "vdz"))
                .hasMessageContaining("invalid path vdz not assigned to domain 'errs'");
        domains.execute(new DomainCommand.Destroy("errs"));
        assertThatThrownBy(() -> domains.inspect().blockStats("errs", "vda"))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_STATE));
        assertThat(domains.inspect().blockList("errs", false)).singleElement()
                .satisfies(b -> assertThat(b.target()).isEqualTo("vda"));
    }
}
