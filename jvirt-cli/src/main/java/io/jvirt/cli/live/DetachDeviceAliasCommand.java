package io.jvirt.cli.live;

import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

/** {@code jvirt detach-device-alias DOMAIN ALIAS [--config] [--live] [--current]}: by the device's QEMU id. */
public final class DetachDeviceAliasCommand extends LiveVerb {
    private final Value<String> alias = parameter("ALIAS", "The device alias (see dumpxml), such as virtio-disk1.");

    public DetachDeviceAliasCommand() {
        super("detach-device-alias", "Detach a device by its alias.", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = new LiveClient(client).detachAlias(domain.get(), alias.get(), scope());
        return report(d, "Device detach request sent successfully");
    }
}
