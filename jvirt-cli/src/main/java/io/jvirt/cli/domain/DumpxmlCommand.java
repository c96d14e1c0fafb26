package io.jvirt.cli.domain;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt dumpxml DOMAIN [--inactive] [--security-info]}: libvirt domain XML, without the
 * VNC password unless {@code --security-info} asks for it (as virsh).
 */
public final class DumpxmlCommand extends ClientVerb {
    private final XpathOptions xpath = xpathOptions();
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag inactive = flag("--inactive", "The persistent definition, not the running one.");
    private final Flag securityInfo = flag("--security-info", "Include security-sensitive information (passwords).");

    public DumpxmlCommand() {
        super("dumpxml", "Print a domain's libvirt XML.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String xml = client.xml(domain.get(), inactive.get(), securityInfo.get());
        printXml(xpath.apply(xml));
        return 0;
    }
}
