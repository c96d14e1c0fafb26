package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainType;
import io.jvirt.daemon.host.AccelChooser;
import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.process.QemuExit;
import io.jvirt.qemu.process.QemuLauncher;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.BalloonGuestStats;
import io.jvirt.qemu.qmp.BalloonStats;
import io.jvirt.qemu.qmp.BlockChain;
import io.jvirt.qemu.qmp.BlockDevice;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;
import io.jvirt.qemu.qmp.BlockJobInfo;
import io.jvirt.qemu.qmp.BlockJobStart;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.BlockNodeInfo;
import io.jvirt.qemu.qmp.DisplayPorts;
import io.jvirt.qemu.qmp.DriveState;
import io.jvirt.qemu.qmp.HotpluggableCpu;
import io.jvirt.qemu.qmp.IoThrottle;
import io.jvirt.qemu.qmp.MonitorEvent;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QemuThreads;
import io.jvirt.qemu.qmp.QmpEvent;
import io.jvirt.qemu.qmp.QmpException;
import io.jvirt.qemu.qmp.ShutdownCause;
import io.jvirt.qemu.qmp.SnapshotLink;
import io.jvirt.qemu.qmp.VcpuThread;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory QEMU for the daemon's lifecycle tests: a process whose monitor records the
 * commands it gets and answers like QEMU 7.2 run with {@code -no-shutdown} (events on an
 * event thread of their own: SHUTDOWN then STOP when the guest powers off, RESET on
 * system_reset, RESUME on cont; quit and SIGTERM end it), and whose exit is reported as
 * {@link io.jvirt.qemu.process.QemuInstance} reports it (the first SHUTDOWN since the last RESET).
 * Its block graph and block jobs are {@link FakeBlocks}'.
 */
final class FakeQemu implements QemuProcess, QemuMonitor {
    /** An accelerator chooser that always answers TCG, for daemons run on this in-memory QEMU. */
    static final AccelChooser TCG = new AccelChooser() {
        @Override
        public Choice choose(DomainType requested) {
            return new Choice(Accel.TCG, null);
        }

        @Override
        public Choice hostBest() {
            return new Choice(Accel.TCG, null);
        }
    };

    private static final AtomicLong PIDS = new AtomicLong(40_000);

    final long pid = PIDS.incrementAndGet();
    final List<String> argv;
    final List<String> commands = new CopyOnWriteArrayList<>();
    private final ExecutorService eventThread = Executors.newSingleThreadExecutor();
    private final CompletableFuture<QemuExit> exited = new CompletableFuture<>();
    private volatile Consumer<MonitorEvent> events = e -> { };
    private volatile RunState state = RunState.PAUSED;
    private volatile boolean shutdownSeen;
    private volatile boolean guestInitiated;
    private volatile ShutdownCause shutdownReason = ShutdownCause.NONE;
    /** What query-vnc-servers and query-spice answer. */
    volatile DisplayPorts displays = DisplayPorts.NONE;
    /** The environment it was started with. */
    volatile Map<String, String> env = Map.of();
    /** The block graph and block jobs. */
    final FakeBlocks blocks = new FakeBlocks(this::emit);
    /** When set, system_reset waits for it: a test looks at the domain during a reboot. */
    volatile CountDownLatch holdReset;

    FakeQemu(List<String> argv) {
        this.argv = argv;
    }

    // ---- what the guest does

    /** The guest powers off: QEMU reports SHUTDOWN and, with -no-shutdown, stops the CPUs and waits. */
    void guestPowersOff() {
        guestPowersOff("guest-shutdown");
    }

    void guestPowersOff(String reason) {
        state = RunState.SHUTDOWN;
        shutdown(true, ShutdownCause.of(reason), true);
    }

    /** The guest reboots itself: QEMU resets and keeps running. */
    void guestResets() {
        reset(true, ShutdownCause.GUEST_RESET);
    }

    /** Blocks until every event emitted so far has been delivered. */
    void drainEvents() throws Exception {
        if (eventThread.isShutdown()) {
            eventThread.awaitTermination(5, TimeUnit.SECONDS);
        } else {
            eventThread.submit(() -> { }).get(5, TimeUnit.SECONDS);
        }
    }

    void runState(RunState s) {
        state = s;
    }

    // ---- QemuProcess

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public long startTime() {
        return 1234;
    }

    @Override
    public void awaitMonitor(Duration timeout, Consumer<MonitorEvent> events) {
        this.events = events;
    }

    void attach(Consumer<MonitorEvent> events) {
        this.events = events;
    }

    @Override
    public QemuMonitor monitor() {
        return this;
    }

    @Override
    public CompletableFuture<QemuExit> exited() {
        return exited;
    }

    @Override
    public QemuExit stop(Duration grace) {
        commands.add("SIGTERM");
        shutdown(false, ShutdownCause.HOST_SIGNAL, false);
        end(true);
        return exited.join();
    }

    @Override
    public QemuExit terminate(Duration grace) {
        return stop(grace);
    }

    @Override
    public void abandon() {
        end(true);
    }

    // ---- QemuMonitor

    @Override
    public void cont() {
        commands.add("cont");
        if (state == RunState.SHUTDOWN) {
            throw new IllegalStateException("QEMU refuses cont before system_reset after a power-off");
        }
        state = RunState.RUNNING;
        emit(new MonitorEvent.Resume(Instant.now()));
    }

    @Override
    public void stop() {
        commands.add("stop");
        state = RunState.PAUSED;
        emit(new MonitorEvent.Stop(Instant.now()));
    }

    @Override
    public void systemPowerdown() {
        commands.add("system_powerdown");
    }

    @Override
    public void systemReset() {
        commands.add("system_reset");
        CountDownLatch hold = holdReset;
        if (hold != null) {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reset(false, ShutdownCause.HOST_QMP_SYSTEM_RESET);
        if (state == RunState.SHUTDOWN) {
            state = RunState.PAUSED; // QEMU's prelaunch: the CPUs wait for cont
        }
    }

    @Override
    public void quit() {
        commands.add("quit");
        shutdown(false, ShutdownCause.HOST_QMP_QUIT, false);
        end(false);
    }

    @Override
    public void rtcResetReinjection() {
        commands.add("rtc-reset-reinjection");
    }

    @Override
    public RunState queryStatus() {
        return state;
    }

    @Override
    public void setLink(String deviceId, boolean up) {
        commands.add("set_link " + deviceId + " " + up);
    }

    @Override
    public void run(String command, Map<String, ?> arguments) {
        commands.add(command);
    }

    @Override
    public DisplayPorts queryDisplayPorts(boolean vnc, boolean spice) {
        commands.add("query-displays");
        return new DisplayPorts(vnc ? displays.vncPort() : null, vnc ? displays.vncWebsocket() : null,
                spice ? displays.spicePort() : null, spice ? displays.spiceTlsPort() : null);
    }

    // ---- jobs and the block graph (the snapshot tests use FakeBlockQemu for these)

    @Override
    public List<QemuJob> queryJobs() {
        return blocks.queryJobs();
    }

    @Override
    public void jobDismiss(String id) {
        commands.add("job-dismiss " + id);
        blocks.dismiss(id);
    }

    @Override
    public void jobCancel(String id) {
        commands.add("job-cancel " + id);
        blocks.cancel(id);
    }

    @Override
    public void blockJobCancel(String id, boolean force) {
        commands.add("block-job-cancel " + id + (force ? " force" : ""));
        if (force) {
            blocks.cancel(id);
        } else {
            blocks.softCancel(id);
        }
    }

    @Override
    public void jobComplete(String id) {
        commands.add("job-complete " + id);
        blocks.complete(id);
    }

    @Override
    public void jobFinalize(String id) {
        commands.add("job-finalize " + id);
        blocks.finalizeJob(id);
    }

    @Override
    public void snapshotSave(String jobId, String tag, String vmstateNode, List<String> devices) {
        commands.add("snapshot-save " + tag);
    }

    @Override
    public void snapshotLoad(String jobId, String tag, String vmstateNode, List<String> devices) {
        commands.add("snapshot-load " + tag);
    }

    @Override
    public void snapshotDelete(String jobId, String tag, List<String> devices) {
        commands.add("snapshot-delete " + tag);
    }

    @Override
    public void blockdevAdd(BlockNode node) {
        commands.add("blockdev-add " + node.nodeName());
        blocks.add(node);
    }

    @Override
    public void blockdevSnapshot(List<SnapshotLink> links) {
        commands.add("blockdev-snapshot " + links);
    }

    @Override
    public void blockCommit(String jobId, String deviceNode, String topNode, String baseNode) {
        commands.add("block-commit " + topNode + " " + baseNode);
    }

    @Override
    public List<BlockDevice> queryBlock() {
        return List.of();
    }

    @Override
    public List<BlockNodeInfo> queryNamedBlockNodes() {
        return blocks.queryNamedBlockNodes();
    }

    @Override
    public void blockJobStart(BlockJobStart job) {
        commands.add("block-job-start " + job);
        blocks.start(job);
    }

    @Override
    public void blockJobSetSpeed(String jobId, long bytesPerSecond) {
        commands.add("block-job-set-speed " + jobId + " " + bytesPerSecond);
        blocks.setSpeed(jobId, bytesPerSecond);
    }

    @Override
    public List<BlockJobInfo> queryBlockJobs() {
        return blocks.queryBlockJobs();
    }

    @Override
    public List<BlockChain> queryBlockChains() {
        return blocks.queryBlockChains();
    }

    /** The vCPU threads the fake reports: vCPU 0 on thread 1. */
    volatile List<QemuThreads.Vcpu> vcpuThreads = List.of(new QemuThreads.Vcpu(0, 1));

    @Override
    public List<QemuThreads.Vcpu> vcpuThreads() {
        commands.add("query-cpus-fast");
        return vcpuThreads;
    }

    @Override
    public List<QemuThreads.IoThread> ioThreads() {
        commands.add("query-iothreads");
        return List.of();
    }

    /** One socket per possible vCPU of -smp (its maxcpus), the first ones plugged. */
    @Override
    public List<QemuThreads.HotpluggableCpu> hotpluggableCpus() {
        commands.add("query-hotpluggable-cpus");
        String smp = argv.get(argv.indexOf("-smp") + 1);
        int boot = Integer.parseInt(smp.split(",")[0]);
        int max = smp.contains("maxcpus=") ? Integer.parseInt(smp.replaceAll(".*maxcpus=(\\d+).*", "$1")) : boot;
        List<QemuThreads.HotpluggableCpu> slots = new ArrayList<>();
        for (int i = max - 1; i >= 0; i--) {
            slots.add(new QemuThreads.HotpluggableCpu("qemu64-x86_64-cpu", Map.of("socket-id", (long) i,
                    "core-id", 0L, "thread-id", 0L), i < boot));
        }
        return slots;
    }

    // ---- devices: what QEMU has, as ids and node names

    /** The devices with an id (QEMU's /machine/peripheral), from the command line and device_add. */
    final Set<String> devices = ConcurrentHashMap.newKeySet();
    /** The block nodes blockdev-add made (those of the command line are not tracked). */
    final Set<String> nodes = ConcurrentHashMap.newKeySet();
    /** The network back ends netdev_add made. */
    final Set<String> netdevs = ConcurrentHashMap.newKeySet();
    /** The properties of each device_add, by id. */
    final Map<String, Map<String, Object>> added = new ConcurrentHashMap<>();
    /** When set, the guest ignores device_del: no DEVICE_DELETED until {@link #guestReleases}. */
    volatile boolean guestIgnoresUnplug;
    /** device_add of these ids fails as QEMU fails it. */
    final Set<String> refuseAdd = ConcurrentHashMap.newKeySet();
    /** The guest's memory through the balloon, in bytes (0: the -m size). */
    volatile long balloonBytes;
    /** The extra vCPU slots plugged with device_add, by id. */
    private final Set<String> pluggedCpus = ConcurrentHashMap.newKeySet();

    private static final Pattern DEVICE_ID = Pattern.compile("(?:^|,)id=([^,]+)|\"id\":\"([^\"]+)\"");

    private Set<String> deviceIds() {
        if (devices.isEmpty()) {
            for (int i = 0; i + 1 < argv.size(); i++) {
                if (argv.get(i).equals("-device")) {
                    Matcher m = DEVICE_ID.matcher(argv.get(i + 1));
                    if (m.find()) {
                        devices.add(m.group(1) != null ? m.group(1) : m.group(2));
                    }
                }
            }
            devices.add("-");
        }
        return devices;
    }

    private static QmpException failed(String errorClass, String message) {
        return QmpException.commandFailed(errorClass, message);
    }

    @Override
    public void deviceAdd(Map<String, ?> properties) {
        String id = String.valueOf(properties.get("id"));
        commands.add("device_add " + id);
        if (refuseAdd.contains(id)) {
            throw failed("GenericError", "Bus 'pci.0' does not support hotplugging");
        }
        if (!deviceIds().add(id)) {
            throw failed("GenericError", "Duplicate device ID '" + id + "'");
        }
        added.put(id, Map.copyOf(new HashMap<String, Object>(properties)));
        if (String.valueOf(properties.get("driver")).endsWith("-cpu")) {
            pluggedCpus.add(id);
        }
    }

    @Override
    public void deviceDel(String id) {
        commands.add("device_del " + id);
        if (!deviceIds().contains(id)) {
            throw failed("DeviceNotFound", "Device '" + id + "' not found");
        }
        if (!guestIgnoresUnplug || pluggedCpus.contains(id)) {
            guestReleases(id);
        }
    }

    /** The guest lets go of a device: QEMU removes it and reports DEVICE_DELETED. */
    void guestReleases(String id) {
        devices.remove(id);
        pluggedCpus.remove(id);
        emit(new MonitorEvent.DeviceDeleted(id, "/machine/peripheral/" + id, Instant.now()));
    }

    @Override
    public void blockdevAdd(Map<String, Object> props) {
        String name = String.valueOf(props.get("node-name"));
        commands.add("blockdev-add " + name);
        if (!nodes.add(name)) {
            throw failed("GenericError", "Duplicate nodes with node-name='" + name + "'");
        }
    }

    @Override
    public void blockdevDel(String nodeName) {
        commands.add("blockdev-del " + nodeName);
        nodes.remove(nodeName);
        blocks.delete(nodeName);
    }

    @Override
    public void netdevAdd(Map<String, Object> props) {
        String id = String.valueOf(props.get("id"));
        commands.add("netdev_add " + id);
        if (!netdevs.add(id)) {
            throw failed("GenericError", "Duplicate ID '" + id + "' for netdev");
        }
    }

    @Override
    public void netdevDel(String id) {
        commands.add("netdev_del " + id);
        netdevs.remove(id);
    }

    @Override
    public void objectAdd(Map<String, Object> props) {
        commands.add("object-add " + props.get("id"));
    }

    @Override
    public void objectDel(String id) {
        commands.add("object-del " + id);
    }

    /** The drives whose tray is open. */
    final Set<String> openTrays = ConcurrentHashMap.newKeySet();
    /** When set, the guest holds the trays shut (a mounted disc): only a forced open opens them. */
    volatile boolean guestLocksTrays;

    @Override
    public void openTray(String deviceId, boolean force) {
        commands.add("blockdev-open-tray " + deviceId);
        if (force || !guestLocksTrays) {
            openTrays.add(deviceId);
        }
    }

    @Override
    public void closeTray(String deviceId) {
        commands.add("blockdev-close-tray " + deviceId);
        openTrays.remove(deviceId);
    }

    @Override
    public void removeMedium(String deviceId) {
        commands.add("blockdev-remove-medium " + deviceId);
    }

    @Override
    public void insertMedium(String deviceId, String nodeName) {
        commands.add("blockdev-insert-medium " + deviceId + " " + nodeName);
    }

    @Override
    public void blockResize(String nodeName, long bytes) {
        commands.add("block_resize " + nodeName + " " + bytes);
    }

    /** The I/O limits block_set_io_throttle set, by device id. */
    final Map<String, IoThrottle> throttles = new ConcurrentHashMap<>();

    @Override
    public void setIoThrottle(String deviceId, IoThrottle limits) {
        commands.add("block_set_io_throttle " + deviceId);
        throttles.put(deviceId, limits);
    }

    /** The block node each device reads and writes, as query-block reports it (tests set it). */
    final Map<String, String> driveNodes = new ConcurrentHashMap<>();

    @Override
    public DriveState queryDrive(String deviceId) {
        commands.add("query-block " + deviceId);
        return new DriveState(deviceId, openTrays.contains(deviceId), driveNodes.get(deviceId),
                throttles.getOrDefault(deviceId, IoThrottle.NONE));
    }

    @Override
    public List<String> peripheralIds() {
        commands.add("qom-list");
        return List.copyOf(deviceIds());
    }

    @Override
    public void setPassword(String protocol, String password, String connected) {
        commands.add("set_password " + protocol);
    }

    @Override
    public void expirePassword(String protocol, String time) {
        commands.add("expire_password " + protocol + " " + time);
    }

    @Override
    public void setBalloon(long bytes) {
        commands.add("balloon " + bytes);
        balloonBytes = bytes;
        emit(new MonitorEvent.BalloonChange(bytes, Instant.now()));
    }

    @Override
    public long queryBalloon() {
        commands.add("query-balloon");
        if (balloonBytes == 0) {
            String mem = argv.get(argv.indexOf("-m") + 1).replaceAll("^(size=)?(\\d+).*", "$2");
            return Long.parseLong(mem) << 20;
        }
        return balloonBytes;
    }

    @Override
    public BalloonStats balloonStats(String qomPath) {
        commands.add("qom-get guest-stats");
        return new BalloonStats(Map.of("stat-total-memory", queryBalloon(), "stat-free-memory", 100L << 20),
                1_700_000_000L);
    }

    @Override
    public void setBalloonStatsPeriod(String qomPath, int seconds) {
        commands.add("qom-set guest-stats-polling-interval " + seconds);
    }

    @Override
    public List<HotpluggableCpu> queryHotpluggableCpus() {
        commands.add("query-hotpluggable-cpus");
        int[] smp = smp();
        List<HotpluggableCpu> slots = new ArrayList<>();
        for (int i = smp[1] - 1; i >= 0; i--) {
            String vcpu = "vcpu" + i;
            String path = i < smp[0] ? "/machine/unattached/device[" + i + "]"
                    : pluggedCpus.contains(vcpu) ? "/machine/peripheral/" + vcpu : null;
            slots.add(new HotpluggableCpu("qemu64-x86_64-cpu", 1, Map.of("socket-id", (long) i, "core-id", 0L,
                    "thread-id", 0L), path));
        }
        return slots;
    }

    @Override
    public List<VcpuThread> queryVcpus() {
        commands.add("query-cpus-fast");
        int[] smp = smp();
        List<VcpuThread> out = new ArrayList<>();
        for (int i = 0; i < smp[1]; i++) {
            String vcpu = "vcpu" + i;
            if (i < smp[0]) {
                out.add(new VcpuThread(i, 1000 + i, "/machine/unattached/device[" + i + "]",
                        Map.of("socket-id", (long) i)));
            } else if (pluggedCpus.contains(vcpu)) {
                out.add(new VcpuThread(i, 1000 + i, "/machine/peripheral/" + vcpu, Map.of("socket-id", (long) i)));
            }
        }
        return out;
    }

    /** The boot vCPUs and the maximum of -smp. */
    private int[] smp() {
        String smp = argv.get(argv.indexOf("-smp") + 1);
        int boot = Integer.parseInt(smp.split(",")[0]);
        int max = smp.contains("maxcpus=") ? Integer.parseInt(smp.replaceAll(".*maxcpus=(\\d+).*", "$1")) : boot;
        return new int[] {boot, max};
    }

    // ---- InspectMonitor

    /** What query-blockstats answers. */
    volatile List<BlockIoStats> blockStats = List.of();
    /** What query-block answers. */
    volatile List<BlockImageSize> blockSizes = List.of();

    @Override
    public List<BlockIoStats> blockIoStats() {
        commands.add("query-blockstats");
        return blockStats;
    }

    @Override
    public List<BlockImageSize> blockImageSizes() {
        commands.add("query-block");
        return blockSizes;
    }

    @Override
    public Long balloonActualBytes() {
        commands.add("query-balloon");
        return 64L << 20;
    }

    @Override
    public BalloonGuestStats balloonGuestStats(String balloonPath) {
        commands.add("qom-get " + balloonPath);
        return BalloonGuestStats.NONE;
    }

    @Override
    public void screendump(Path file, String device, int head, ScreenFormat format) {
        commands.add("screendump " + format);
        try {
            java.nio.file.Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void sendKey(List<Integer> qnums, int holdMs) {
        commands.add("send-key " + qnums + " " + holdMs);
    }

    @Override
    public String humanCommand(String commandLine) {
        commands.add("human-monitor-command " + commandLine);
        return "VM status: running\r\n";
    }

    @Override
    public String passthrough(String commandJson) {
        commands.add("passthrough " + commandJson);
        return "{\"return\":{},\"id\":1}";
    }

    // ---- plumbing

    /** SHUTDOWN, and with {@code pause} the STOP of -no-shutdown, sent together as QEMU sends them. */
    private void shutdown(boolean guest, ShutdownCause reason, boolean pause) {
        if (!shutdownSeen) {
            shutdownSeen = true;
            guestInitiated = guest;
            shutdownReason = reason;
        }
        MonitorEvent shutdown = new MonitorEvent.Shutdown(guest, reason, Instant.now());
        MonitorEvent stop = new MonitorEvent.Stop(Instant.now());
        deliver(() -> {
            events.accept(shutdown);
            if (pause) {
                events.accept(stop);
            }
        });
    }

    private void reset(boolean guest, ShutdownCause reason) {
        shutdownSeen = false;
        guestInitiated = false;
        shutdownReason = ShutdownCause.NONE;
        emit(new MonitorEvent.Reset(guest, reason, Instant.now()));
    }

    void emit(MonitorEvent ev) {
        deliver(() -> events.accept(ev));
    }

    /** A QEMU that has exited sends nothing more. */
    private void deliver(Runnable r) {
        try {
            eventThread.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException ended) {
            // gone
        }
    }

    private void end(boolean stopRequested) {
        QemuExit exit = new QemuExit(shutdownSeen, guestInitiated, shutdownReason, stopRequested, 0);
        // like QemuInstance: the exit is reported after the monitor's last events
        eventThread.execute(() -> exited.complete(exit));
        eventThread.shutdown();
    }

    /** A launcher that makes fakes and remembers them. */
    static final class Launcher implements QemuLauncher {
        final List<FakeQemu> spawned = new CopyOnWriteArrayList<>();
        /** What the fakes' query-vnc-servers and query-spice answer. */
        volatile DisplayPorts displays = DisplayPorts.NONE;
        /** What a reattach finds, by pid. */
        final Map<Long, FakeQemu> running = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public QemuProcess spawn(List<String> argv, Map<String, String> env, Path runDir) {
            FakeQemu q = new FakeQemu(argv);
            q.displays = displays;
            q.env = env;
            spawned.add(q);
            running.put(q.pid, q);
            q.exited.thenRun(() -> running.remove(q.pid));
            return q;
        }

        @Override
        public Optional<QemuProcess> reattach(long pid, long startTime, Path runDir, Duration monitorTimeout,
                                              Consumer<MonitorEvent> events) {
            FakeQemu q = running.get(pid);
            if (q == null) {
                return Optional.empty();
            }
            q.attach(events);
            return Optional.of(q);
        }

        FakeQemu last() {
            return spawned.getLast();
        }
    }
}
