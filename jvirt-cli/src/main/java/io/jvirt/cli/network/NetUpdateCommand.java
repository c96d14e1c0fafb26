package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;

/**
 * {@code jvirt net-update NETWORK COMMAND SECTION XML [--live] [--config] [--current]}, like
 * virsh: COMMAND is add (add-last), add-first, delete or modify; SECTION is ip-dhcp-host or
 * dns-host; XML is the element itself or a file holding it. Without flags the change goes
 * to the running network when it is active, else to the definition.
 */
public final class NetUpdateCommand extends ClientVerb {
    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");
    private final Value<String> command = parameter("COMMAND", "add, add-first, add-last, delete or modify.");
    private final Value<String> section = parameter("SECTION", "ip-dhcp-host or dns-host.");
    private final Value<String> xml = parameter("XML", "The element, or a file holding it.");
    private final Flag live = flag("--live", "Change the running network.");
    private final Flag config = flag("--config", "Change the persistent definition.");
    private final Flag current = flag("--current", "Change the running network if active, else the definition (default).");

    public NetUpdateCommand() {
        super("net-update", "Add, delete or modify a DHCP host or DNS host of a network.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String network = this.network.get();
        String xml = this.xml.get();
        String text = xml.stripLeading().startsWith("<") ? xml : Files2.readXml(Path.of(xml));
        boolean l = live.get();
        boolean c = config.get();
        if (!l && !c) {
            boolean active = client.network(network).active();
            l = active;
            c = !active;
        }
        NetworkInfo n = client.updateNetwork(network, command.get(), section.get(), text, l, c);
        String where = l && c ? "live state and persistent config" : l ? "live state" : "persistent config";
        return report(n, "Updated network " + n.name() + " " + where);
    }
}
