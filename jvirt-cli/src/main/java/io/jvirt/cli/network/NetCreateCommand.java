package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;

/** {@code jvirt net-create FILE}: create and start a transient network. */
public final class NetCreateCommand extends ClientVerb {
    @SuppressWarnings("unused") // virsh's option: jvirtd checks every document against its model anyway
    private final Flag validate = flag("--validate",
            "Accepted as virsh's: jvirtd checks every document against its model before it accepts it.");
    private final Value<Path> file = parameter("FILE", Path.class, "libvirt network XML file ('-' for standard input).");

    public NetCreateCommand() {
        super("net-create", "Create and start a transient network from an XML file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.createNetwork(Files2.readXml(file.get()));
        for (String w : n.warnings()) { // a loop, not a lambda: the AOT cache never saw a successful start
            err().println("warning: " + w);
        }
        return report(n, "Network " + n.name() + " created from " + file.get());
    }
}
