package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** A lifecycle verb that names one domain and prints virsh's one-line confirmation. */
abstract class ActionCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN", description = "Domain name, UUID or id.")
    String domain;

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
        DomainInfo info = client.action(domain, action(), params());
        return report(info, done(info.name()));
    }
}
