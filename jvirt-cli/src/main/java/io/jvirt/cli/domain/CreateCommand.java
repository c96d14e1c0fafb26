package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;

import java.nio.file.Path;

/** {@code jvirt create FILE}: start a transient domain. */
public final class CreateCommand extends ClientVerb {
    @SuppressWarnings("unused") // virsh's option: jvirtd checks every document against its model anyway
    private final Flag validate = flag("--validate",
            "Accepted as virsh's: jvirtd checks every document against its model before it accepts it.");
    private final Value<Path> file = parameter("FILE", Path.class, "libvirt domain XML file ('-' for standard input).");
    private final Flag paused = flag("--paused", "Leave the guest paused.");

    public CreateCommand() {
        super("create", "Create and start a transient domain from an XML file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        Path file = this.file.get();
        DomainInfo info = client.create(Files2.readXml(file), paused.get());
        return report(info, "Domain '" + info.name() + "' created from " + file);
    }
}
