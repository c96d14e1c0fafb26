package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;

import java.nio.file.Path;

/** {@code jvirt create FILE}: start a transient domain. */
public final class CreateCommand extends ClientVerb {
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
