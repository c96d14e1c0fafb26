package io.jvirt.cli.inspect;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.HostCapsClient;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt capabilities}: the host's processor, NUMA cells, security model and the guests it
 * runs (emulator, machine types, domain types), as libvirt's capabilities XML; with
 * {@code --json} the same facts as JSON.
 */
public final class CapabilitiesCommand extends ClientVerb {
    public CapabilitiesCommand() {
        super("capabilities", "Show the host's and its hypervisor's capabilities (libvirt's capabilities XML).");
    }

    @Override
    protected int run(JvirtClient client) {
        String doc = new HostCapsClient(client).capabilities(json());
        // virsh prints the document, a newline after it, and the empty line it ends commands with
        out().print(doc.endsWith("\n") ? doc + "\n\n" : doc + "\n\n\n");
        out().flush();
        return 0;
    }
}
