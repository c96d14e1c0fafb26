package io.jvirt.cli.live;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

/** {@code jvirt domrename DOMAIN NEW-NAME}: renames a shut-off domain. */
public final class DomrenameCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> newName = parameter("NEW-NAME", "The new name.");

    public DomrenameCommand() {
        super("domrename", "Rename a shut-off domain.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = new LiveClient(client).rename(domain.get(), newName.get());
        return report(d, "Domain successfully renamed");
    }
}
