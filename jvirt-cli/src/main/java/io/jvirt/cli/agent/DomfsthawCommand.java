package io.jvirt.cli.agent;

import io.jvirt.client.AgentClient;

import java.util.List;

/** {@code jvirt domfsthaw DOMAIN}: thaws the guest's frozen file systems through its agent. */
public final class DomfsthawCommand extends FreezeVerb {
    public DomfsthawCommand() {
        super("domfsthaw", "Thaw the domain's mounted file systems (via the guest agent).");
    }

    @Override
    int apply(AgentClient client, String domain, List<String> mountpoints) {
        return client.thaw(domain, mountpoints);
    }

    @Override
    String done(int count) {
        return "Thawed " + count + " filesystem(s)";
    }
}
