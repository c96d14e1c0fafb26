package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;

import java.nio.file.Path;

/** {@code jvirt define FILE}: define or redefine a persistent domain from libvirt XML. */
public final class DefineCommand extends ClientVerb {
    @SuppressWarnings("unused") // virsh's option: jvirtd checks every document against its model anyway
    private final Flag validate = flag("--validate",
            "Accepted as virsh's: jvirtd checks every document against its model before it accepts it.");
    private final Value<Path> file = parameter("FILE", Path.class, "libvirt domain XML file ('-' for standard input).");

    public DefineCommand() {
        super("define", "Define (or redefine) a domain from an XML file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        Path file = this.file.get();
        DomainInfo info = client.define(Files2.readXml(file));
        return report(info, "Domain '" + info.name() + "' defined from " + file);
    }
}
