package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.XmlEditor;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt pool-edit POOL}: opens the persistent definition in {@code $VISUAL}/{@code
 * $EDITOR} and redefines the pool when the file changed. The text carries the pool's secrets,
 * so the redefinition keeps them.
 */
public final class PoolEditCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "Pool name or UUID.");

    public PoolEditCommand() {
        super("pool-edit", "Edit a storage pool's XML in $EDITOR and redefine it.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String pool = this.pool.get();
        return switch (XmlEditor.fromEnvironment().edit(client.poolXml(pool, true, true), client::definePool)) {
            case XmlEditor.Unchanged<StoragePoolInfo> u ->
                    report(client.pool(pool), "Pool " + pool + " XML configuration not changed.");
            case XmlEditor.Changed<StoragePoolInfo> c ->
                    report(c.value(), "Pool " + c.value().name() + " XML configuration edited.");
        };
    }
}
