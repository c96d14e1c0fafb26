package io.jvirt.cli.agent;

import io.jvirt.api.AgentTimeoutInfo;
import io.jvirt.client.AgentClient;

/**
 * {@code jvirt guest-agent-timeout DOMAIN [--timeout N]}: sets how many seconds the daemon's
 * guest agent calls of the domain wait for an answer, as virsh: -2 as long as it takes (the
 * value without {@code --timeout}), -1 libvirt's default of 5 s, 0 not at all. Prints nothing
 * (virsh's empty line); with {@code --json}, the timeout now in force.
 */
public final class GuestAgentTimeoutCommand extends AgentVerb {
    private final Value<Integer> timeout = option("--timeout", "N", Integer.class, "Timeout seconds.");

    public GuestAgentTimeoutCommand() {
        super("guest-agent-timeout", "Set the guest agent timeout.");
    }

    @Override
    protected int run(AgentClient client) throws Exception {
        AgentTimeoutInfo set = client.setTimeout(domain.get(), timeout.get() == null ? -2 : timeout.get());
        if (json()) {
            printJson(set);
        } else {
            text("");
        }
        return 0;
    }
}
