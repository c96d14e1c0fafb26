package io.jvirt.cli.storage;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt pool-dumpxml POOL [--inactive] [--security-info]}: libvirt pool XML, with live
 * sizes while the pool runs.
 */
public final class PoolDumpxmlCommand extends ClientVerb {
    private final XpathOptions xpath = xpathOptions();
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");
    private final Flag inactive = flag("--inactive", "The persistent definition, without live sizes.");
    private final Flag securityInfo = flag("--security-info", "Include security-sensitive information (passwords).");

    public PoolDumpxmlCommand() {
        super("pool-dumpxml", "Print a storage pool's libvirt XML.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        printXml(xpath.apply(client.poolXml(pool.get(), inactive.get(), securityInfo.get())));
        return 0;
    }
}
