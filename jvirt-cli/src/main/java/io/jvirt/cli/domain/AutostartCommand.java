package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt autostart DOMAIN [--disable]}. */
public final class AutostartCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag disable = flag("--disable", "Turn autostart off.");

    public AutostartCommand() {
        super("autostart", "Start a domain whenever jvirtd starts (or stop doing so with --disable).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean disable = this.disable.get();
        DomainInfo d = client.setAutostart(domain.get(), !disable);
        return report(d, "Domain '" + d.name() + "' " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
