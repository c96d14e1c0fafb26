package io.jvirt.daemon.domain;

import io.jvirt.qemu.process.QemuExit;
import io.jvirt.qemu.process.QemuLauncher;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.BalloonGuestStats;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;
import io.jvirt.qemu.qmp.DisplayPorts;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.BlockDevice;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.BlockNodeInfo;
import io.jvirt.qemu.qmp.MonitorEvent;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.ShutdownCause;
import io.jvirt.qemu.qmp.SnapshotLink;
import io.jvirt.qemu.qmp.QmpEvent;
import io.jvirt.qemu.qmp.QemuThreads;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory QEMU for the daemon's lifecycle tests: a process whose monitor records the
 * commands it gets and answers like QEMU 7.2 run with {@code -no-shutdown} (events on an
 * event thread of their own: SHUTDOWN then STOP when the guest powers off, RESET on
 * system_reset, RESUME on cont; quit and SIGTERM end it), and whose exit is reported as
 * {@link io.jvirt.qemu.process.QemuInstance} reports it (the first SHUTDOWN since the last RESET).
 */
final class FakeQemu implements QemuProcess, QemuMonitor {
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
        return List.of();
    }

    @Override
    public void jobDismiss(String id) {
        commands.add("job-dismiss " + id);
    }

    @Override
    public void jobCancel(String id) {
        commands.add("job-cancel " + id);
    }

    @Override
    public void jobComplete(String id) {
        commands.add("job-complete " + id);
    }

    @Override
    public void jobFinalize(String id) {
        commands.add("job-finalize " + id);
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
    }

    @Override
    public void blockdevDel(String nodeName) {
        commands.add("blockdev-del " + nodeName);
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
        return List.of();
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

    @Override
    public void deviceAdd(Map<String, ?> properties) {
        commands.add("device_add " + properties.get("id"));
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
