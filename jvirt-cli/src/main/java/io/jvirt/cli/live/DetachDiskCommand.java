package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

/**
 * {@code jvirt detach-disk DOMAIN TARGET [--persistent] [--config] [--live] [--current] [--print-xml]}:
 * finds the disk by its target or source in the domain's XML (the persistent one for
 * {@code --config} alone) and detaches it, as virsh does.
 */
public final class DetachDiskCommand extends LiveVerb {
    private final Value<String> target = parameter("TARGET", "Target or source path of the disk.");
    private final Flag printXml = flag("--print-xml", "Print the XML that would be sent instead of detaching.");

    public DetachDiskCommand() {
        super("detach-disk", "Detach a disk device.", true);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        ChangeScope scope = scope();
        boolean inactive = scope.config() && !scope.live();
        String disk;
        try {
            disk = DomainDevicesXml.format(DomainDevicesXml.of(client.xml(domain.get(), inactive))
                    .disk(target.get(), false));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (printXml.get()) {
            out().print(disk);
            out().flush();
            return 0;
        }
        DomainInfo d = new LiveClient(client).detachDevice(domain.get(), disk, scope);
        return report(d, "Disk detached successfully");
    }
}
