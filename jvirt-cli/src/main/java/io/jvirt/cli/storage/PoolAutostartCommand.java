package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-autostart POOL [--disable]}. */
@Command(name = "pool-autostart", description = "Start a storage pool whenever jvirtd starts (or stop doing so with --disable).")
public final class PoolAutostartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;
    @Option(names = "--disable", description = "Turn autostart off.")
    boolean disable;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.setPoolAutostart(pool, !disable);
        return report(p, "Pool " + p.name() + " " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
