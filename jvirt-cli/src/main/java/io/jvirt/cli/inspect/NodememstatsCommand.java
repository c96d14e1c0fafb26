package io.jvirt.cli.inspect;

import io.jvirt.api.NodeMemoryStats;
import io.jvirt.client.InspectClient;

/** {@code jvirt nodememstats}: the host's memory use. */
public final class NodememstatsCommand extends InspectVerb {
    private final Value<Integer> cell = option("--cell", "CELL", Integer.class,
            "A NUMA cell; jvirt reports the whole host, so only -1 (all cells) is accepted.");

    public NodememstatsCommand() {
        super("nodememstats", "Show the host's memory statistics.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        if (cell.given() && cell.get() != -1) {
            throw bad("jvirt reports the memory of the whole host; per-cell statistics (--cell " + cell.get()
                    + ") are not supported.");
        }
        NodeMemoryStats m = client.nodeMemory();
        if (json()) {
            printJson(m);
            return 0;
        }
        text(VirshText.nodememstats(m));
        return 0;
    }
}
