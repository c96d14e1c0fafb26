package io.jvirt.cli.domain;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt dumpxml DOMAIN [--inactive]}: libvirt domain XML. */
public final class DumpxmlCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag inactive = flag("--inactive", "The persistent definition, not the running one.");

    public DumpxmlCommand() {
        super("dumpxml", "Print a domain's libvirt XML.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String xml = client.xml(domain.get(), inactive.get());
        printXml(xml);
        return 0;
    }
}
