package io.jvirt.cli.storage;

import io.jvirt.client.JvirtClient;

/** {@code jvirt vol-dumpxml VOL [--pool P]}: libvirt volume XML as the volume is now. */
public final class VolDumpxmlCommand extends VolumeVerb {
    private final XpathOptions xpath = xpathOptions();
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");

    public VolDumpxmlCommand() {
        super("vol-dumpxml", "Print a volume's libvirt XML.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        Ref r = resolve(client, vol.get());
        printXml(xpath.apply(client.volumeXml(r.pool(), r.name())));
        return 0;
    }
}
