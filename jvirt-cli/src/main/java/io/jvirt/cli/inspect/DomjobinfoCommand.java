package io.jvirt.cli.inspect;

import io.jvirt.api.DomainJobInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.HostCapsClient;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.ParameterException;

/**
 * {@code jvirt domjobinfo DOMAIN [--completed [--keep-completed]] [--anystats] [--rawstats]}: the
 * domain's running job (save, managed save, snapshot, revert, ...) with its progress, or the last
 * one that ended, as virsh prints it.
 */
public final class DomjobinfoCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag completed = flag("--completed", "Show the last job that ended.");
    private final Flag keep = flag("--keep-completed", "Keep the ended job's figures for the next --completed.");
    private final Flag anystats = flag("--anystats", "Show the figures of any job, failed ones too.");
    private final Flag rawstats = flag("--rawstats", "Show libvirt's raw job parameters.");

    public DomjobinfoCommand() {
        super("domjobinfo", "Show the domain's running (or last) job.");
    }

    @Override
    protected void beforeConnect() {
        if (keep.get() && !completed.get()) {
            throw new ParameterException(spec().commandLine(), "Option --keep-completed requires option --completed");
        }
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainJobInfo j = new HostCapsClient(client).jobInfo(domain.get(), completed.get(), keep.get());
        if (json()) {
            printJson(j);
            return 0;
        }
        out().print(rawstats.get() ? JobText.raw(j) : JobText.info(j, completed.get(), anystats.get()));
        out().println();
        out().flush();
        return 0;
    }
}
