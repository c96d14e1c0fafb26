package io.jvirt.daemon.inspect;

import io.jvirt.qemu.qmp.BalloonGuestStats;
import io.jvirt.qemu.qmp.BlockDevice;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.BlockNodeInfo;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.SnapshotLink;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;
import io.jvirt.qemu.qmp.DisplayPorts;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QemuThreads;

import io.jvirt.daemon.testing.NoDevicesMonitor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A monitor that answers the statistics queries with set values and refuses lifecycle commands. */
class FakeStatsMonitor extends NoDevicesMonitor implements QemuMonitor {
    final List<String> asked = new CopyOnWriteArrayList<>();
    List<BlockIoStats> blockStats = List.of();
    List<BlockImageSize> blockSizes = List.of();
    Long balloon = 256L << 20;
    BalloonGuestStats guestStats = BalloonGuestStats.NONE;
    List<QemuThreads.Vcpu> vcpus = List.of(new QemuThreads.Vcpu(0, 1001));

    @Override
    public List<BlockIoStats> blockIoStats() {
        asked.add("query-blockstats");
        return blockStats;
    }

    @Override
    public List<BlockImageSize> blockImageSizes() {
        asked.add("query-block");
        return blockSizes;
    }

    @Override
    public Long balloonActualBytes() {
        asked.add("query-balloon");
        return balloon;
    }

    @Override
    public BalloonGuestStats balloonGuestStats(String balloonPath) {
        asked.add("qom-get " + balloonPath);
        return guestStats;
    }

    @Override
    public List<QemuThreads.Vcpu> vcpuThreads() {
        asked.add("query-cpus-fast");
        return vcpus;
    }

    @Override
    public void screendump(Path file, String device, int head, ScreenFormat format) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendKey(List<Integer> qnums, int holdMs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String humanCommand(String commandLine) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String passthrough(String commandJson) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void cont() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void systemPowerdown() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void systemReset() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void quit() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void rtcResetReinjection() {
        throw new UnsupportedOperationException();
    }

    @Override
    public RunState queryStatus() {
        return RunState.RUNNING;
    }

    @Override
    public void setLink(String deviceId, boolean up) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<QemuThreads.IoThread> ioThreads() {
        return List.of();
    }

    @Override
    public List<QemuThreads.HotpluggableCpu> hotpluggableCpus() {
        return List.of();
    }

    @Override
    public void deviceAdd(Map<String, ?> properties) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DisplayPorts queryDisplayPorts(boolean vnc, boolean spice) {
        return DisplayPorts.NONE;
    }

    @Override
    public void run(String command, Map<String, ?> arguments) {
        throw new UnsupportedOperationException();
    }

    // ---- jobs, snapshots and the block graph: not statistics

    @Override
    public List<QemuJob> queryJobs() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void jobDismiss(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void jobCancel(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void blockJobCancel(String id, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void jobComplete(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void jobFinalize(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void snapshotSave(String jobId, String tag, String vmstateNode, List<String> devices) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void snapshotLoad(String jobId, String tag, String vmstateNode, List<String> devices) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void snapshotDelete(String jobId, String tag, List<String> devices) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void blockdevAdd(BlockNode node) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void blockdevDel(String nodeName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void blockdevSnapshot(List<SnapshotLink> links) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void blockCommit(String jobId, String deviceNode, String topNode, String baseNode) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<BlockDevice> queryBlock() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<BlockNodeInfo> queryNamedBlockNodes() {
        throw new UnsupportedOperationException();
    }
}
