package io.jvirt.cli.save;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt managedsave DOMAIN [--bypass-cache] [--running | --paused] [--verbose]}: saves the
 * guest where the next {@code start} finds and restores it.
 */
public final class ManagedSaveCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final SaveFlags flags = new SaveFlags(this::flag, true);
    private final Flag verbose = flag("--verbose", "Accepted for virsh's sake.");

    public ManagedSaveCommand() {
        super("managedsave", "Save a domain's state for its next start, and stop it.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String name = client.info(domain.get()).name();
        DomainInfo d = client.saves().managedSave(domain.get(), flags.given());
        return report(d, "\nDomain '" + name + "' state saved by libvirt");
    }
}
