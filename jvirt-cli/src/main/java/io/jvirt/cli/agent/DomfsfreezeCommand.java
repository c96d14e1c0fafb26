package io.jvirt.cli.agent;

import io.jvirt.client.AgentClient;

import java.util.List;

/** {@code jvirt domfsfreeze DOMAIN [--mountpoint M]...}: freezes the guest's file systems through its agent. */
public final class DomfsfreezeCommand extends FreezeVerb {
    public DomfsfreezeCommand() {
        super("domfsfreeze", "Freeze the domain's mounted file systems (via the guest agent).");
    }

    @Override
    int apply(AgentClient client, String domain, List<String> mountpoints) {
        return client.freeze(domain, mountpoints);
    }

    @Override
    String done(int count) {
        return "Froze " + count + " filesystem(s)";
    }
}
