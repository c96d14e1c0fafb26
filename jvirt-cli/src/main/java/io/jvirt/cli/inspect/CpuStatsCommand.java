package io.jvirt.cli.inspect;

import io.jvirt.api.DomainCpuStats;
import io.jvirt.client.InspectClient;

/**
 * {@code jvirt cpu-stats DOMAIN [--total] [--start N] [--count N]}: a running domain's CPU time.
 * jvirt reads QEMU's time from /proc (it has no cpuacct cgroup), so only the total exists; per-CPU
 * requests get virsh's "No per-CPU stats available".
 */
public final class CpuStatsCommand extends InspectVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag total = flag("--total", "Show the total only.");
    private final Value<Integer> start = option("--start", "N", Integer.class, "Show statistics from this CPU.");
    private final Value<Integer> count = option("--count", "N", Integer.class, "Number of CPUs to show at most.");

    public CpuStatsCommand() {
        super("cpu-stats", "Show a domain's CPU statistics.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        if (start.given() && start.get() < 0) {
            throw bad("Invalid value for start CPU");
        }
        if (count.given() && count.get() < 0) {
            throw bad("Invalid value for number of CPUs to show");
        }
        boolean perCpu = start.given() || count.given();
        boolean showTotal = total.get();
        if (!perCpu && !showTotal) {
            perCpu = true;
            showTotal = true;
        }
        DomainCpuStats s = client.cpuStats(domain.get());
        if (json()) {
            printJson(s);
            return 0;
        }
        text(VirshText.cpuStats(s, perCpu, showTotal));
        return 0;
    }
}
