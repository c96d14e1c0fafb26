package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.XmlEditor;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt net-edit NETWORK}: opens the persistent definition in {@code $VISUAL}/{@code
 * $EDITOR} and redefines the network when the file changed. A running network keeps its
 * current configuration until it is restarted, as with virsh. The text carries the network's
 * secrets, so the redefinition keeps them.
 */
public final class NetEditCommand extends ClientVerb {
    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");

    public NetEditCommand() {
        super("net-edit", "Edit a network's XML in $EDITOR and redefine it.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String network = this.network.get();
        return switch (XmlEditor.fromEnvironment().edit(client.networkXml(network, true, true), client::defineNetwork)) {
            case XmlEditor.Unchanged<NetworkInfo> u ->
                    report(client.network(network), "Network " + network + " XML configuration not changed.");
            case XmlEditor.Changed<NetworkInfo> c ->
                    report(c.value(), "Network " + c.value().name() + " XML configuration edited.");
        };
    }
}
