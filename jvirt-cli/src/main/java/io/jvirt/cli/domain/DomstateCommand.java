package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt domstate DOMAIN [--reason]}. */
public final class DomstateCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag reason = flag("--reason", "Also show the reason for the state.");

    public DomstateCommand() {
        super("domstate", "Show a domain's state (and why, with --reason).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain.get());
        if (json()) {
            printJson(java.util.Map.of("state", d.state().label(), "reason", d.reason()));
            return 0;
        }
        return report(d, d.state().label() + (reason.get() ? " (" + d.reason() + ")" : ""));
    }
}
