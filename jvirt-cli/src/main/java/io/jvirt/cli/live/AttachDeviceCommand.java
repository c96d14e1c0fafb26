package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.api.DomainInfo;
import io.jvirt.client.LiveClient;

/** {@code jvirt attach-device DOMAIN FILE [--persistent] [--config] [--live] [--current]}. */
public final class AttachDeviceCommand extends DeviceFileVerb {
    public AttachDeviceCommand() {
        super("attach-device", "Attach a device described by an XML file.", "Device attached successfully");
    }

    @Override
    protected DomainInfo apply(LiveClient live, String domain, String xml, ChangeScope scope) {
        return live.attachDevice(domain, xml, scope);
    }
}
