package io.jvirt.cli.domain;

import io.jvirt.api.DomainDisplay;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt vncdisplay DOMAIN}: the VNC display (host and display number), as virsh prints it. */
public final class VncdisplayCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public VncdisplayCommand() {
        super("vncdisplay", "Print the address and display number of a running domain's VNC server.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String line = client.displays(domain.get(), false).stream().filter(d -> d.type().equals("vnc"))
                .map(DisplayUris::vncDisplay).filter(l -> l != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("Failed to get VNC port. Is this domain using VNC?"));
        out().println(line);
        return 0;
    }
}
