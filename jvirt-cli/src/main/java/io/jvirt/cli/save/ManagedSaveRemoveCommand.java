package io.jvirt.cli.save;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.util.Map;

/** {@code jvirt managedsave-remove DOMAIN}: the next start boots afresh. */
public final class ManagedSaveRemoveCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public ManagedSaveRemoveCommand() {
        super("managedsave-remove", "Remove a domain's managed save image.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String name = client.info(domain.get()).name();
        if (!client.saves().hasManagedSave(domain.get())) {
            return report(Map.of("name", name, "removed", false),
                    "Domain '" + name + "' has no manage save image; removal skipped");
        }
        client.saves().managedSaveRemove(domain.get());
        return report(Map.of("name", name, "removed", true), "Removed managedsave image for domain '" + name + "'");
    }
}
