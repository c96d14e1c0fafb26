package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt pool-autostart POOL [--disable]}. */
public final class PoolAutostartCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");
    private final Flag disable = flag("--disable", "Turn autostart off.");

    public PoolAutostartCommand() {
        super("pool-autostart", "Start a storage pool whenever jvirtd starts (or stop doing so with --disable).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean disable = this.disable.get();
        StoragePoolInfo p = client.setPoolAutostart(pool.get(), !disable);
        return report(p, "Pool " + p.name() + " " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
