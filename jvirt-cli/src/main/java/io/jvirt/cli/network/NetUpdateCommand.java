package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jvirt net-update NETWORK COMMAND SECTION XML [--live] [--config] [--current]}, like
 * virsh: COMMAND is add (add-last), add-first, delete or modify; SECTION is ip-dhcp-host or
 * dns-host; XML is the element itself or a file holding it. Without flags the change goes
 * to the running network when it is active, else to the definition.
 */
@Command(name = "net-update", description = "Add, delete or modify a DHCP host or DNS host of a network.")
public final class NetUpdateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;
    @Parameters(index = "1", paramLabel = "COMMAND", description = "add, add-first, add-last, delete or modify.")
    String command;
    @Parameters(index = "2", paramLabel = "SECTION", description = "ip-dhcp-host or dns-host.")
    String section;
    @Parameters(index = "3", paramLabel = "XML", description = "The element, or a file holding it.")
    String xml;
    @Option(names = "--live", description = "Change the running network.")
    boolean live;
    @Option(names = "--config", description = "Change the persistent definition.")
    boolean config;
    @Option(names = "--current", description = "Change the running network if active, else the definition (default).")
    boolean current;

    @Override
    protected int run(JvirtClient client) throws Exception {
        String text = xml.stripLeading().startsWith("<") ? xml : Files2.readXml(Path.of(xml));
        boolean l = live;
        boolean c = config;
        if (!l && !c) {
            boolean active = client.network(network).active();
            l = active;
            c = !active;
        }
        NetworkInfo n = client.updateNetwork(network, command, section, text, l, c);
        String where = l && c ? "live state and persistent config" : l ? "live state" : "persistent config";
        return report(n, "Updated network " + n.name() + " " + where);
    }
}
