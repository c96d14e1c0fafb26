package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.util.Map;

/** A lifecycle verb that names one domain and prints virsh's one-line confirmation. */
abstract class ActionCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    ActionCommand(String name, String description) {
        super(name, description);
    }

    /** The domain as given. */
    final String domain() {
        return domain.get();
    }

    /** The API action word. */
    abstract String action();

    /** Extra query parameters of the action. */
    Map<String, String> params() {
        return Map.of();
    }

    /** virsh's confirmation sentence. */
    abstract String done(String name);

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo info = client.action(domain.get(), action(), params());
        return report(info, done(info.name()));
    }
}
