package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;

/** {@code jvirt net-define FILE}: define or redefine a persistent network from libvirt XML. */
public final class NetDefineCommand extends ClientVerb {
    @SuppressWarnings("unused") // virsh's option: jvirtd checks every document against its model anyway
    private final Flag validate = flag("--validate",
            "Accepted as virsh's: jvirtd checks every document against its model before it accepts it.");
    private final Value<Path> file = parameter("FILE", Path.class, "libvirt network XML file ('-' for standard input).");

    public NetDefineCommand() {
        super("net-define", "Define (or redefine) a network from an XML file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.defineNetwork(Files2.readXml(file.get()));
        return report(n, "Network " + n.name() + " defined from " + file.get());
    }
}
