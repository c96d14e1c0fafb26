package io.jvirt.daemon.domain;

import static io.jvirt.daemon.domain.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VcpuCount;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hotplug and live changes through {@link DomainService} with an in-memory QEMU
 * ({@link FakeQemu}) and recording disk plumbing: which monitor commands go out, what the live and
 * persistent definitions become, the events, and that a refused or timed-out change leaves
 * everything as it was.
 */
class HotplugServiceTest {
    private static final Affect BOTH = new Affect(true, true, false);
    @TempDir
    Path state;
    FakeQemu.Launcher launcher;
    DomainService domains;
    List<String> events;
    AutoCloseable subscription;
    final List<String> locks = new CopyOnWriteArrayList<>();

    /** Locks like the storage service: a file one domain writes cannot be attached by another. */
    private final DiskPlumbing plumbing = new DiskPlumbing() {
        @Override
        public DomainDef plug(String domain, DomainDef def) {
            def.devices().disks().forEach(d -> plugDisk(domain, def, d));
            return def;
        }

        @Override
        public DiskDef plugDisk(String domain, DomainDef live, DiskDef disk) {
            String file = disk.localPath();
            for (String l : locks) {
                if (l.endsWith("=" + file) && !l.startsWith(domain + "=")) {
                    throw new DaemonException(ErrorCode.IN_USE, "disk " + disk.target().dev() + " cannot be attached: "
                            + "domain '" + l.substring(0, l.indexOf('=')) + "' writes it.");
                }
            }
            locks.add(domain + "=" + file);
            return disk;
        }

        @Override
        public void unplugDisk(String domain, DiskDef disk) {
            locks.remove(domain + "=" + disk.localPath());
        }

        @Override
        public void adopt(String domain, DomainDef live) {
        }

        @Override
        public void unplug(String domain, DomainDef live) {
            live.devices().disks().forEach(d -> unplugDisk(domain, d));
        }
    };

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        EventBus bus = new EventBus();
        events = new CopyOnWriteArrayList<>();
        subscription = bus.subscribe(e -> events.add(e.domain() + ":" + e.event()
                + (e.detail() == null ? "" : ":" + e.detail())));
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), bus, HostFacts.read(),
                FakeQemu.TCG, "qemu-system-x86_64", launcher);
        domains.setDiskPlumbing(plumbing);
        domains.load();
        domains.hotplug().setUnplugTimeout(Duration.ofMillis(300));
    }

    @AfterEach
    void stop() throws Exception {
        subscription.close();
        domains.close();
    }

    private static String xml(String name, String devices) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>256</memory>"
                + "<currentMemory unit='MiB'>256</currentMemory><vcpu current='1'>2</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features>"
                + "<devices><serial type='pty'><target port='0'/></serial><memballoon model='virtio'/>" + devices
                + "</devices></domain>";
    }

    private FakeQemu started(String name, String devices) {
        domains.execute(new DomainCommand.Define(xml(name, devices)));
        domains.execute(new DomainCommand.Start(name, false));
        return launcher.last();
    }

    private static String disk(String file, String dev) {
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + file + "'/>"
                + "<target dev='" + dev + "' bus='virtio'/></disk>";
    }

    private void hotplug(String name, HotplugCommand c) {
        domains.execute(new DomainCommand.Hotplug(name, c));
    }

    private String liveXml(String name) {
        return DomainXml.format(domains.lookup(name).liveDef(), Secrets.OMIT);
    }

    private String configXml(String name) {
        return DomainXml.format(domains.lookup(name).persistentDef(), Secrets.OMIT);
    }

    @Test
    void aLiveAttachPlugsTheNodesAndTheDeviceLocksTheImageAndLeavesTheConfigAlone() throws Exception {
        FakeQemu q = started("a", "");
        String config = configXml("a");
        q.commands.clear();

        hotplug("a", new HotplugCommand.AttachDevice(disk("/img/extra.raw", "vdb"), Affect.LIVE));

        assertThat(q.commands).filteredOn(c -> c.startsWith("blockdev-add") || c.startsWith("device_add"))
                .last().isEqualTo("device_add virtio-disk1");
        assertThat(q.commands).anyMatch(c -> c.startsWith("blockdev-add"));
        assertThat(q.added.get("virtio-disk1")).containsEntry("driver", "virtio-blk-pci").containsKey("addr");
        assertThat(liveXml("a")).contains("/img/extra.raw").contains("<target dev='vdb' bus='virtio'/>");
        assertThat(configXml("a")).isEqualTo(config);
        assertThat(locks).contains("a=/img/extra.raw");
        eventually("device-added", () -> events.contains("a:device-added:virtio-disk1"));
    }

    @Test
    void liveAndConfigPutTheDeviceAtTheSameAddressInBothDefinitions() {
        started("b", "");
        hotplug("b", new HotplugCommand.AttachDevice(disk("/img/b.raw", "vdb"), BOTH));
        DiskDef live = domains.lookup("b").liveDef().devices().disks().getFirst();
        DiskDef cfg = domains.lookup("b").persistentDef().devices().disks().getFirst();
        assertThat(live.address()).isNotNull().isEqualTo(cfg.address());
    }

    @Test
    void aDiskAnotherDomainWritesIsRefusedNamingItAndNothingChanges() throws Exception {
        Path shared = Files.createFile(state.resolve("shared.raw"));
        started("owner", disk(shared.toString(), "vdb"));
        FakeQemu q = started("c", "");
        String live = liveXml("c");
        q.commands.clear();

        assertThatThrownBy(() -> hotplug("c", new HotplugCommand.AttachDevice(disk(shared.toString(), "vdb"),
                Affect.LIVE))).isInstanceOf(DaemonException.class).hasMessageContaining("'owner'");
        assertThat(q.commands).noneMatch(c -> c.startsWith("blockdev-add") || c.startsWith("device_add"));
        assertThat(liveXml("c")).isEqualTo(live);
    }

    @Test
    void aDeviceQemuRefusesIsUndoneAndItsLockReleased() {
        FakeQemu q = started("d", "");
        String live = liveXml("d");
        q.refuseAdd.add("virtio-disk1");

        assertThatThrownBy(() -> hotplug("d", new HotplugCommand.AttachDevice(disk("/img/d.raw", "vdb"),
                Affect.LIVE))).isInstanceOf(DaemonException.class)
                .extracting(e -> ((DaemonException) e).code()).isEqualTo(ErrorCode.HYPERVISOR_FAILED);
        assertThat(q.nodes).as("the block nodes added before are gone again").isEmpty();
        assertThat(locks).doesNotContain("d=/img/d.raw");
        assertThat(liveXml("d")).isEqualTo(live);
    }

    @Test
    void aDetachWaitsForTheGuestThenRemovesTheNodesAndTheLock() throws Exception {
        FakeQemu q = started("e", "");
        hotplug("e", new HotplugCommand.AttachDevice(disk("/img/e.raw", "vdb"), Affect.LIVE));
        q.commands.clear();

        hotplug("e", new HotplugCommand.DetachDevice(disk("/img/e.raw", "vdb"), Affect.LIVE));

        assertThat(q.commands.getFirst()).isEqualTo("device_del virtio-disk1");
        assertThat(q.commands).anyMatch(c -> c.startsWith("blockdev-del"));
        assertThat(q.nodes).isEmpty();
        assertThat(locks).doesNotContain("e=/img/e.raw");
        assertThat(liveXml("e")).doesNotContain("/img/e.raw");
        eventually("device-removed", () -> events.contains("e:device-removed:virtio-disk1"));
    }

    @Test
    void aDetachTheGuestIgnoresTimesOutLeavingEverythingAndFinishesWhenTheGuestLetsGo() throws Exception {
        FakeQemu q = started("f", "");
        hotplug("f", new HotplugCommand.AttachDevice(disk("/img/f.raw", "vdb"), BOTH));
        String live = liveXml("f");
        String config = configXml("f");
        q.guestIgnoresUnplug = true;

        assertThatThrownBy(() -> hotplug("f", new HotplugCommand.DetachDevice(disk("/img/f.raw", "vdb"),
                BOTH))).isInstanceOf(DaemonException.class)
                .hasMessageContaining("did not let go").hasMessageContaining("unchanged")
                .extracting(e -> ((DaemonException) e).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(liveXml("f")).isEqualTo(live);
        assertThat(configXml("f")).as("the persistent definition keeps it too").isEqualTo(config);
        assertThat(locks).contains("f=/img/f.raw");
        assertThat(events).doesNotContain("f:device-removed:virtio-disk1");

        q.guestReleases("virtio-disk1");
        eventually("device-removed after the guest let go", () -> events.contains("f:device-removed:virtio-disk1"));
        eventually("the live definition forgets it", () -> !liveXml("f").contains("/img/f.raw"));
        assertThat(locks).doesNotContain("f=/img/f.raw");
        assertThat(configXml("f")).isEqualTo(config);
    }

    @Test
    void aRestartedDaemonFinishesARemovalTheGuestCompletedWhileItWasAway() throws Exception {
        FakeQemu q = started("away", "");
        hotplug("away", new HotplugCommand.AttachDevice(disk("/img/away.raw", "vdb"), Affect.LIVE));
        q.guestIgnoresUnplug = true;
        assertThatThrownBy(() -> hotplug("away", new HotplugCommand.DetachDevice(disk("/img/away.raw", "vdb"),
                Affect.LIVE))).isInstanceOf(DaemonException.class);
        domains.close();
        // the daemon is gone when the guest lets go: nobody hears DEVICE_DELETED
        q.attach(e -> { });
        q.guestReleases("virtio-disk1");
        q.drainEvents();
        locks.clear();

        EventBus bus = new EventBus();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = bus.subscribe(e -> seen.add(e.event() + ":" + e.detail()))) {
            domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), bus, HostFacts.read(),
                    FakeQemu.TCG, "qemu-system-x86_64", launcher);
            domains.setDiskPlumbing(plumbing);
            domains.load();
            eventually("device-removed after the restart", () -> seen.contains("device-removed:virtio-disk1"));
        }
        assertThat(liveXml("away")).doesNotContain("/img/away.raw");
        assertThat(q.commands).anyMatch(c -> c.startsWith("blockdev-del"));
    }

    @Test
    void detachingWhatTheDomainDoesNotHaveIsNotFound() {
        FakeQemu q = started("g", "");
        q.commands.clear();
        assertThatThrownBy(() -> hotplug("g", new HotplugCommand.DetachDevice(disk("/img/none.raw", "vdz"),
                Affect.LIVE))).isInstanceOf(DaemonException.class).hasMessageContaining("vdz")
                .extracting(e -> ((DaemonException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(q.commands).noneMatch(c -> c.startsWith("device_del"));
    }

    @Test
    void aCardGetsAnAliasTheLiveDefinitionKeepsAndThePersistentOneDrops() {
        FakeQemu q = started("h", "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>");
        String card = "<interface type='user'><mac address='52:54:00:00:00:02'/><model type='virtio'/></interface>";
        hotplug("h", new HotplugCommand.AttachDevice(card, BOTH));

        assertThat(q.commands).contains("netdev_add hostnet1", "device_add net1");
        assertThat(liveXml("h")).contains("<alias name='net1'/>");
        assertThat(configXml("h")).contains("52:54:00:00:00:02").doesNotContain("<alias");

        // the first card goes; the second keeps its id
        hotplug("h", new HotplugCommand.DetachDevice("<interface type='user'><mac address='52:54:00:00:00:01'/>"
                + "</interface>", Affect.LIVE));
        assertThat(q.commands).contains("device_del net0", "netdev_del hostnet0");
        assertThat(liveXml("h")).contains("<alias name='net1'/>").doesNotContain("52:54:00:00:00:01");
    }

    @Test
    void domifSetlinkChangesTheRunningCardOrWithConfigOnlyThePersistentOne() {
        FakeQemu q = started("l", "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>");

        hotplug("l", new HotplugCommand.SetLink("52:54:00:00:00:01", false, Affect.CURRENT));
        assertThat(q.commands).contains("set_link net0 false");
        assertThat(liveXml("l")).contains("<link state='down'/>");
        assertThat(configXml("l")).doesNotContain("<link");

        q.commands.clear();
        hotplug("l", new HotplugCommand.SetLink("52:54:00:00:00:01", false, new Affect(false, true, false)));
        assertThat(q.commands).noneMatch(c -> c.startsWith("set_link"));
        assertThat(configXml("l")).contains("<link state='down'/>");

        // a domain that is not running: the persistent definition, as virsh does
        domains.execute(new DomainCommand.Destroy("l", false));
        hotplug("l", new HotplugCommand.SetLink("52:54:00:00:00:01", true, Affect.CURRENT));
        assertThat(configXml("l")).contains("<link state='up'/>");

        assertThatThrownBy(() -> hotplug("l", new HotplugCommand.SetLink("52:54:00:00:00:09", true,
                Affect.CURRENT))).isInstanceOf(DaemonException.class)
                .hasMessageContaining("has no network interface '52:54:00:00:00:09' in its persistent definition");
    }

    private static String cdrom(Path iso) {
        return "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
                + (iso == null ? "" : "<source file='" + iso + "'/>")
                + "<target dev='hdc' bus='ide'/><readonly/></disk>";
    }

    @Test
    void aMediumChangeSwapsTheNodesInTheOpenTrayAndMovesTheLock() throws Exception {
        Path one = Files.createFile(state.resolve("one.iso"));
        Path two = Files.createFile(state.resolve("two.iso"));
        FakeQemu q = started("cd", cdrom(one));
        q.commands.clear();

        hotplug("cd", new HotplugCommand.UpdateDevice(cdrom(two), Affect.LIVE, false));

        assertThat(q.commands.getFirst()).startsWith("blockdev-open-tray ide0-1-0");
        assertThat(q.commands).contains("blockdev-remove-medium ide0-1-0", "blockdev-close-tray ide0-1-0")
                .anyMatch(c -> c.startsWith("blockdev-insert-medium ide0-1-0 "));
        assertThat(q.commands.indexOf("blockdev-remove-medium ide0-1-0"))
                .isLessThan(q.commands.indexOf(q.commands.stream().filter(c -> c.startsWith("blockdev-add"))
                        .findFirst().orElseThrow()));
        assertThat(liveXml("cd")).contains(two.toString()).doesNotContain(one.toString());
        assertThat(locks).contains("cd=" + two).doesNotContain("cd=" + one);

        // eject: the tray is left closed and empty
        hotplug("cd", new HotplugCommand.UpdateDevice(cdrom(null), Affect.LIVE, false));
        assertThat(liveXml("cd")).doesNotContain(two.toString());
        assertThat(locks).doesNotContain("cd=" + two);
    }

    @Test
    void aTrayTheGuestHoldsShutFailsTheChangeUnlessForced() throws Exception {
        Path one = Files.createFile(state.resolve("held.iso"));
        Path two = Files.createFile(state.resolve("other.iso"));
        FakeQemu q = started("tray", cdrom(one));
        q.guestLocksTrays = true;
        String live = liveXml("tray");

        assertThatThrownBy(() -> hotplug("tray", new HotplugCommand.UpdateDevice(cdrom(two), Affect.LIVE, false)))
                .isInstanceOf(DaemonException.class).hasMessageContaining("--force")
                .extracting(e -> ((DaemonException) e).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(liveXml("tray")).isEqualTo(live);
        assertThat(locks).contains("tray=" + one).doesNotContain("tray=" + two);

        hotplug("tray", new HotplugCommand.UpdateDevice(cdrom(two), Affect.LIVE, true));
        assertThat(liveXml("tray")).contains(two.toString());
    }

    @Test
    void blkdeviotuneSetsTheNamedLimitsKeepsTheOthersAndRefusesTotalWithReadWrite() throws Exception {
        Path disk = Files.createFile(state.resolve("tuned.raw"));
        FakeQemu q = started("io", disk(disk.toString(), "vda"));
        hotplug("io", new HotplugCommand.SetBlockIoTune("vda", Map.of("total_bytes_sec", 1_048_576L), null,
                Affect.LIVE));
        hotplug("io", new HotplugCommand.SetBlockIoTune("vda", Map.of("read_iops_sec", 300L), "g1",
                Affect.LIVE));
        assertThat(q.throttles.get("virtio-disk0").limits()).containsEntry("bps", 1_048_576L)
                .containsEntry("iops_rd", 300L);
        assertThat(q.throttles.get("virtio-disk0").group()).isEqualTo("g1");
        assertThat(domains.hotplug().blockIoTune(domains.lookup("io"), "vda", false).limits())
                .containsEntry("total_bytes_sec", 1_048_576L).containsEntry("read_iops_sec", 300L)
                .containsEntry("write_bytes_sec", 0L);

        q.commands.clear();
        assertThatThrownBy(() -> hotplug("io", new HotplugCommand.SetBlockIoTune("vda",
                Map.of("read_bytes_sec", 10L), null, Affect.LIVE)))
                .isInstanceOf(DaemonException.class).hasMessageContaining("cannot be set at the same time");
        assertThat(q.commands).noneMatch(c -> c.startsWith("block_set_io_throttle"));
        assertThatThrownBy(() -> hotplug("io", new HotplugCommand.SetBlockIoTune("vdz",
                Map.of("total_iops_sec", 10L), null, Affect.LIVE)))
                .isInstanceOf(DaemonException.class).hasMessageContaining("has no disk 'vdz'");
    }

    @Test
    void blkdeviotuneWritesIotuneIntoTheLiveAndThePersistentDefinitions() throws Exception {
        Path disk = Files.createFile(state.resolve("tuned2.raw"));
        FakeQemu q = started("io2", disk(disk.toString(), "vda"));
        hotplug("io2", new HotplugCommand.SetBlockIoTune("vda", Map.of("total_iops_sec", 500L), null,
                new Affect(false, true, false)));
        assertThat(configXml("io2")).contains("<iotune>").contains("<total_iops_sec>500</total_iops_sec>");
        assertThat(liveXml("io2")).doesNotContain("<iotune>");
        assertThat(q.throttles).doesNotContainKey("virtio-disk0");
        assertThat(domains.hotplug().blockIoTune(domains.lookup("io2"), "vda", true).limits())
                .containsEntry("total_iops_sec", 500L).containsEntry("read_bytes_sec", 0L);

        hotplug("io2", new HotplugCommand.SetBlockIoTune("vda", Map.of("write_bytes_sec", 2048L), "g2",
                new Affect(true, true, false)));
        assertThat(q.throttles.get("virtio-disk0").limits()).containsEntry("bps_wr", 2048L);
        assertThat(liveXml("io2")).contains("<write_bytes_sec>2048</write_bytes_sec>")
                .contains("<group_name>g2</group_name>");
        assertThat(configXml("io2")).contains("<total_iops_sec>500</total_iops_sec>")
                .contains("<write_bytes_sec>2048</write_bytes_sec>");

        // all limits back to 0 removes <iotune>
        hotplug("io2", new HotplugCommand.SetBlockIoTune("vda", Map.of("total_iops_sec", 0L, "write_bytes_sec", 0L),
                null, new Affect(false, true, false)));
        assertThat(configXml("io2")).doesNotContain("<total_iops_sec>").doesNotContain("<write_bytes_sec>");

        // a refused change leaves both definitions alone
        String live = liveXml("io2");
        String config = configXml("io2");
        assertThatThrownBy(() -> hotplug("io2", new HotplugCommand.SetBlockIoTune("vda",
                Map.of("total_bytes_sec", 10L, "read_bytes_sec", 10L), null, new Affect(true, true, false))))
                .isInstanceOf(DaemonException.class).hasMessageContaining("cannot be set at the same time");
        assertThat(liveXml("io2")).isEqualTo(live);
        assertThat(configXml("io2")).isEqualTo(config);
    }

    @Test
    void setmemMovesTheBalloonAndRefusesMoreThanTheMaximum() throws Exception {
        FakeQemu q = started("m", "");
        hotplug("m", new HotplugCommand.SetMemory(160 * 1024, Affect.LIVE));
        assertThat(q.commands).contains("balloon " + (160L << 20));
        eventually("balloon-change", () -> events.contains("m:balloon-change:163840"));
        eventually("the live currentMemory follows the balloon",
                () -> domains.lookup("m").liveDef().currentMemoryKiB() == 160 * 1024);

        String live = liveXml("m");
        q.commands.clear();
        assertThatThrownBy(() -> hotplug("m", new HotplugCommand.SetMemory(512 * 1024, Affect.LIVE)))
                .isInstanceOf(DaemonException.class).hasMessageContaining("higher than its maximum memory")
                .extracting(e -> ((DaemonException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(q.commands).noneMatch(c -> c.startsWith("balloon"));
        assertThat(liveXml("m")).isEqualTo(live);
    }

    @Test
    void setvcpusPlugsTheNextSlotAndRefusesMoreThanTheMaximum() {
        FakeQemu q = started("v", "");
        hotplug("v", new HotplugCommand.SetVcpus(2, Affect.LIVE, false, false));
        assertThat(q.commands).contains("device_add vcpu1");
        VcpuCount count = domains.hotplug().vcpuCount(domains.lookup("v"));
        assertThat(count.currentLive()).isEqualTo(2);

        q.commands.clear();
        assertThatThrownBy(() -> hotplug("v", new HotplugCommand.SetVcpus(3, Affect.LIVE, false, false)))
                .isInstanceOf(DaemonException.class).hasMessageContaining("greater than max");
        assertThat(q.commands).noneMatch(c -> c.startsWith("device_add"));

        // QEMU 7.2 under TCG crashes on a later hotplug after a vCPU unplug: refused, nothing asked
        assertThatThrownBy(() -> hotplug("v", new HotplugCommand.SetVcpus(1, Affect.LIVE, false, false)))
                .isInstanceOf(DaemonException.class).hasMessageContaining("TCG");
        assertThat(q.commands).noneMatch(c -> c.startsWith("device_del"));
        assertThat(domains.hotplug().vcpuCount(domains.lookup("v")).currentLive()).isEqualTo(2);
    }
}
