package io.jvirt.cli.inspect;

import io.jvirt.api.NodeCpuStats;
import io.jvirt.client.InspectClient;

import java.util.Map;

/** {@code jvirt nodecpustats [CPU] [--percent]}: the host's processor time. */
public final class NodecpustatsCommand extends InspectVerb {
    private final Value<Integer> cpu = optionalParameter("CPU", Integer.class, "One processor; all without it.");
    private final Flag percent = flag("--percent", "Shares of the time over one second instead of totals.");

    public NodecpustatsCommand() {
        super("nodecpustats", "Show the host's CPU statistics.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        int which = cpu.given() ? cpu.get() : -1;
        NodeCpuStats first = client.nodeCpu(which);
        if (!percent.get()) {
            if (json()) {
                printJson(first);
            } else {
                text(VirshText.nodecpustats(first));
            }
            return 0;
        }
        Thread.sleep(1000);
        NodeCpuStats second = client.nodeCpu(which);
        if (json()) {
            printJson(Map.of("first", first, "second", second));
            return 0;
        }
        text(VirshText.nodecpustatsPercent(first, second));
        return 0;
    }
}
