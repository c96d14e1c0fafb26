package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

import java.nio.file.Path;

/**
 * {@code attach-device}, {@code detach-device} and {@code update-device}: DOMAIN FILE, the FILE
 * holding the device's XML element, and the scope flags including {@code --persistent}.
 */
abstract class DeviceFileVerb extends LiveVerb {
    private final Value<Path> file = parameter("FILE", Path.class, "XML file describing the device.");
    private final String done;

    DeviceFileVerb(String name, String description, String done) {
        super(name, description, true);
        this.done = done;
    }

    @Override
    protected final int run(JvirtClient client) throws Exception {
        ChangeScope scope = scope();
        String xml = Files2.readXml(file.get());
        DomainInfo d = apply(new LiveClient(client), domain.get(), xml, scope);
        return report(d, done);
    }

    /** Sends the device. */
    protected abstract DomainInfo apply(LiveClient live, String domain, String xml, ChangeScope scope);
}
