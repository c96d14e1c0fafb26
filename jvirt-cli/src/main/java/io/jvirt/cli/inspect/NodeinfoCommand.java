package io.jvirt.cli.inspect;

import io.jvirt.api.NodeInfo;
import io.jvirt.client.InspectClient;

/** {@code jvirt nodeinfo}: the host's processors and memory. */
public final class NodeinfoCommand extends InspectVerb {
    public NodeinfoCommand() {
        super("nodeinfo", "Show the host's processors and memory.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        NodeInfo n = client.nodeInfo();
        if (json()) {
            printJson(n);
            return 0;
        }
        text(VirshText.nodeinfo(n));
        return 0;
    }
}
