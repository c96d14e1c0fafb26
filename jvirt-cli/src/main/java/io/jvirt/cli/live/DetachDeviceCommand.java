package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.api.DomainInfo;
import io.jvirt.client.LiveClient;

/** {@code jvirt detach-device DOMAIN FILE [--persistent] [--config] [--live] [--current]}. */
public final class DetachDeviceCommand extends DeviceFileVerb {
    public DetachDeviceCommand() {
        super("detach-device", "Detach the device an XML file describes.", "Device detached successfully");
    }

    @Override
    protected DomainInfo apply(LiveClient live, String domain, String xml, ChangeScope scope) {
        return live.detachDevice(domain, xml, scope);
    }
}
