package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;
import io.jvirt.conf.xml.XmlElement;

import java.util.List;

/**
 * {@code jvirt detach-interface DOMAIN TYPE [--mac MAC] [--persistent] [--config] [--live] [--current]}:
 * the one interface of that type (and MAC), found in the domain's XML as virsh finds it.
 */
public final class DetachInterfaceCommand extends LiveVerb {
    private final Value<String> type = parameter("TYPE", "Interface type: network, bridge, user, ...");
    private final Value<String> mac = option("--mac", "MAC", "MAC address of the interface, when it has several.");
    private final Flag printXml = flag("--print-xml", "Print the XML that would be sent instead of detaching.");

    public DetachInterfaceCommand() {
        super("detach-interface", "Detach a network interface.", true);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        ChangeScope scope = scope();
        boolean inactive = scope.config() && !scope.live();
        List<XmlElement> all = DomainDevicesXml.of(client.xml(domain.get(), inactive)).all("interface").stream()
                .filter(i -> type.get().equals(i.attributes().get("type"))).toList();
        if (all.isEmpty()) {
            throw new IllegalStateException("No interface found whose type is " + type.get());
        }
        XmlElement found;
        if (mac.get() == null) {
            if (all.size() > 1) {
                throw new IllegalStateException("Domain has " + all.size() + " interfaces. Please specify which one "
                        + "to detach using --mac");
            }
            found = all.getFirst();
        } else {
            found = all.stream().filter(i -> {
                XmlElement m = DomainDevicesXml.child(i, "mac");
                return m != null && mac.get().equalsIgnoreCase(m.attributes().get("address"));
            }).findFirst().orElseThrow(() -> new IllegalStateException("No interface with MAC address " + mac.get()
                    + " was found"));
        }
        String xml = DomainDevicesXml.format(found);
        if (printXml.get()) {
            out().print(xml);
            out().flush();
            return 0;
        }
        DomainInfo d = new LiveClient(client).detachDevice(domain.get(), xml, scope);
        return report(d, "Interface detached successfully");
    }
}
