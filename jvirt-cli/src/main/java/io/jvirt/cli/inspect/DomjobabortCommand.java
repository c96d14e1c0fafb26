package io.jvirt.cli.inspect;

import io.jvirt.api.DomainJobInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.HostCapsClient;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.ParameterException;

/**
 * {@code jvirt domjobabort DOMAIN}: asks the domain's running job to stop; the job undoes what it
 * did (a save leaves no file and the guest running). Silent on success, as virsh.
 */
public final class DomjobabortCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag postcopy = flag("--postcopy", "Interrupt a post-copy migration (jvirt does not migrate).");

    public DomjobabortCommand() {
        super("domjobabort", "Abort the domain's running job.");
    }

    @Override
    protected void beforeConnect() {
        if (postcopy.get()) {
            throw new ParameterException(spec().commandLine(), "jvirt does not migrate domains, so there is no "
                    + "post-copy migration to interrupt; leave out --postcopy.");
        }
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainJobInfo aborted = new HostCapsClient(client).abortJob(domain.get());
        if (json()) {
            printJson(aborted);
        }
        return 0;
    }
}
