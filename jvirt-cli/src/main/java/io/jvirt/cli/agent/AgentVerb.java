package io.jvirt.cli.agent;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.AgentClient;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.ParameterException;

/** Base of this package's verbs: the agent client and virsh's text with its closing empty line. */
abstract class AgentVerb extends ClientVerb {
    protected final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    AgentVerb(String name, String description) {
        super(name, description);
    }

    @Override
    protected final int run(JvirtClient client) throws Exception {
        return run(new AgentClient(client));
    }

    /** Runs the verb; returns the exit code. */
    protected abstract int run(AgentClient client) throws Exception;

    /** Prints virsh's text for a command and the empty line virsh ends every command with. */
    protected final void text(String text) {
        out().print(text);
        out().println();
        out().flush();
    }

    /** A bad combination of arguments, reported as virsh reports one (exit status 2). */
    protected final ParameterException bad(String message) {
        return new ParameterException(spec().commandLine(), message);
    }
}
