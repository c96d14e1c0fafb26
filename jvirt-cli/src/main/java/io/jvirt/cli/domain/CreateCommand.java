package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code jvirt create FILE}: start a transient domain. */
@Command(name = "create", description = "Create and start a transient domain from an XML file.")
public final class CreateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "libvirt domain XML file ('-' for standard input).")
    Path file;
    @Option(names = "--paused", description = "Leave the guest paused.")
    boolean paused;

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo info = client.create(Files2.readXml(file), paused);
        return report(info, "Domain '" + info.name() + "' created from " + file);
    }
}
