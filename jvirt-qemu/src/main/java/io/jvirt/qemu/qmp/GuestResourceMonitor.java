package io.jvirt.qemu.qmp;

import java.util.List;

/**
 * The monitor commands about a running guest's memory and vCPUs: the balloon, its statistics,
 * the hot-pluggable CPU slots and the vCPU threads, typed. Part of {@link QemuMonitor}; every
 * method may throw {@link QmpException}.
 */
public interface GuestResourceMonitor {

    /** Asks the balloon driver to bring the guest's memory to {@code bytes} ({@code balloon}). */
    void setBalloon(long bytes);

    /** The guest's memory as the balloon has it now, in bytes ({@code query-balloon}). */
    long queryBalloon();

    /**
     * The guest's memory statistics from the balloon device at {@code qomPath}
     * ({@code qom-get guest-stats}).
     *
     * @return the statistics, {@link BalloonStats#NONE} when the guest has sent none yet
     */
    BalloonStats balloonStats(String qomPath);

    /** How often the guest sends statistics, in seconds; 0 stops them ({@code qom-set guest-stats-polling-interval}). */
    void setBalloonStatsPeriod(String qomPath, int seconds);

    /** The CPU slots of the machine, plugged or not ({@code query-hotpluggable-cpus}), in QEMU's order. */
    List<HotpluggableCpu> queryHotpluggableCpus();

    /** The vCPUs that exist, with their host threads ({@code query-cpus-fast}), by CPU index. */
    List<VcpuThread> queryVcpus();
}
