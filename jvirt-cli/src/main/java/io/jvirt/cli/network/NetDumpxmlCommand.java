package io.jvirt.cli.network;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt net-dumpxml NETWORK [--inactive] [--security-info]}: libvirt network XML. */
public final class NetDumpxmlCommand extends ClientVerb {
    private final XpathOptions xpath = xpathOptions();
    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");
    private final Flag inactive = flag("--inactive", "The persistent definition, not the running one.");
    private final Flag securityInfo = flag("--security-info", "Include security-sensitive information (passwords).");

    public NetDumpxmlCommand() {
        super("net-dumpxml", "Print a network's libvirt XML.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String xml = client.networkXml(network.get(), inactive.get(), securityInfo.get());
        printXml(xpath.apply(xml));
        return 0;
    }
}
