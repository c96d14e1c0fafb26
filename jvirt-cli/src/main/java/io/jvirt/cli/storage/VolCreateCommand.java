package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;

/** {@code jvirt vol-create POOL FILE [--prealloc-metadata]}: an empty volume from libvirt volume XML. */
public final class VolCreateCommand extends ClientVerb {
    @SuppressWarnings("unused") // virsh's option: jvirtd checks every document against its model anyway
    private final Flag validate = flag("--validate",
            "Accepted as virsh's: jvirtd checks every document against its model before it accepts it.");
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");
    private final Value<Path> file = parameter("FILE", Path.class, "libvirt volume XML file ('-' for standard input).");
    private final Flag prealloc = flag("--prealloc-metadata", "Preallocate qcow2 metadata.");

    public VolCreateCommand() {
        super("vol-create", "Create a volume from an XML file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StorageVolumeInfo v = client.createVolume(pool.get(), Files2.readXml(file.get()), prealloc.get());
        return report(v, "Vol " + v.name() + " created from " + file.get());
    }
}
