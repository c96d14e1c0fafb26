package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.api.DomainInfo;
import io.jvirt.client.LiveClient;

/**
 * {@code jvirt update-device DOMAIN FILE [--persistent] [--config] [--live] [--current] [--force]}:
 * a cdrom's medium, a card's link state or bandwidth, a display's password.
 */
public final class UpdateDeviceCommand extends DeviceFileVerb {
    private final Flag force = flag("--force", "Eject the medium even when the guest holds the tray shut.");

    public UpdateDeviceCommand() {
        super("update-device", "Update a device from an XML file.", "Device updated successfully");
    }

    @Override
    protected DomainInfo apply(LiveClient live, String domain, String xml, ChangeScope scope) {
        return live.updateDevice(domain, xml, scope, force.get());
    }
}
