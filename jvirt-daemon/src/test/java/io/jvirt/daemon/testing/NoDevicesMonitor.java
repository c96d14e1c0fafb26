package io.jvirt.daemon.testing;

import io.jvirt.qemu.qmp.BalloonStats;
import io.jvirt.qemu.qmp.BlockChain;
import io.jvirt.qemu.qmp.BlockJobInfo;
import io.jvirt.qemu.qmp.BlockJobMonitor;
import io.jvirt.qemu.qmp.BlockJobStart;
import io.jvirt.qemu.qmp.DeviceMonitor;
import io.jvirt.qemu.qmp.DriveState;
import io.jvirt.qemu.qmp.GuestResourceMonitor;
import io.jvirt.qemu.qmp.HotpluggableCpu;
import io.jvirt.qemu.qmp.IoThrottle;
import io.jvirt.qemu.qmp.VcpuThread;

import java.util.List;
import java.util.Map;

/**
 * The device, guest-resource and block-job part of a monitor fake for tests that never change devices:
 * every command fails, so a test that reaches one unexpectedly fails loudly.
 */
public abstract class NoDevicesMonitor implements DeviceMonitor, GuestResourceMonitor, BlockJobMonitor {

    private static UnsupportedOperationException no(String command) {
        return new UnsupportedOperationException(command + " is not expected in this test");
    }

    @Override
    public void deviceAdd(Map<String, ?> props) {
        throw no("device_add");
    }

    @Override
    public void deviceDel(String id) {
        throw no("device_del");
    }

    @Override
    public void blockdevAdd(Map<String, Object> props) {
        throw no("blockdev-add");
    }

    @Override
    public void blockdevDel(String nodeName) {
        throw no("blockdev-del");
    }

    @Override
    public void netdevAdd(Map<String, Object> props) {
        throw no("netdev_add");
    }

    @Override
    public void netdevDel(String id) {
        throw no("netdev_del");
    }

    @Override
    public void objectAdd(Map<String, Object> props) {
        throw no("object-add");
    }

    @Override
    public void objectDel(String id) {
        throw no("object-del");
    }

    @Override
    public void openTray(String deviceId, boolean force) {
        throw no("blockdev-open-tray");
    }

    @Override
    public void closeTray(String deviceId) {
        throw no("blockdev-close-tray");
    }

    @Override
    public void removeMedium(String deviceId) {
        throw no("blockdev-remove-medium");
    }

    @Override
    public void insertMedium(String deviceId, String nodeName) {
        throw no("blockdev-insert-medium");
    }

    @Override
    public void blockResize(String nodeName, long bytes) {
        throw no("block_resize");
    }

    @Override
    public void setIoThrottle(String deviceId, IoThrottle limits) {
        throw no("block_set_io_throttle");
    }

    @Override
    public DriveState queryDrive(String deviceId) {
        throw no("query-block");
    }

    @Override
    public List<String> peripheralIds() {
        throw no("qom-list");
    }

    @Override
    public void setPassword(String protocol, String password, String connected) {
        throw no("set_password");
    }

    @Override
    public void expirePassword(String protocol, String time) {
        throw no("expire_password");
    }

    @Override
    public void setBalloon(long bytes) {
        throw no("balloon");
    }

    @Override
    public long queryBalloon() {
        throw no("query-balloon");
    }

    @Override
    public BalloonStats balloonStats(String qomPath) {
        throw no("qom-get guest-stats");
    }

    @Override
    public void setBalloonStatsPeriod(String qomPath, int seconds) {
        throw no("qom-set guest-stats-polling-interval");
    }

    @Override
    public List<HotpluggableCpu> queryHotpluggableCpus() {
        throw no("query-hotpluggable-cpus");
    }

    @Override
    public List<VcpuThread> queryVcpus() {
        throw no("query-cpus-fast");
    }

    @Override
    public void blockJobStart(BlockJobStart job) {
        throw no("block job start");
    }

    @Override
    public void blockJobSetSpeed(String jobId, long bytesPerSecond) {
        throw no("block-job-set-speed");
    }

    @Override
    public List<BlockJobInfo> queryBlockJobs() {
        return List.of();
    }

    @Override
    public List<BlockChain> queryBlockChains() {
        return List.of();
    }
}
