package io.jvirt.cli.storage;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-dumpxml VOL [--pool P]}: libvirt volume XML as the volume is now. */
@Command(name = "vol-dumpxml", description = "Print a volume's libvirt XML.")
public final class VolDumpxmlCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Mixin
    VolumeOptions volume;

    @Override
    protected int run(JvirtClient client) throws Exception {
        VolumeOptions.Ref r = volume.resolve(client, vol);
        String xml = client.volumeXml(r.pool(), r.name());
        if (json) {
            printJson(java.util.Map.of("xml", xml));
        } else {
            out().print(xml.endsWith("\n") ? xml : xml + "\n");
            out().flush();
        }
        return 0;
    }
}
