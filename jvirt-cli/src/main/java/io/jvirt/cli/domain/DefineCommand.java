package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code jvirt define FILE}: define or redefine a persistent domain from libvirt XML. */
@Command(name = "define", description = "Define (or redefine) a domain from an XML file.")
public final class DefineCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "libvirt domain XML file ('-' for standard input).")
    Path file;

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo info = client.define(Files2.readXml(file));
        return report(info, "Domain '" + info.name() + "' defined from " + file);
    }
}
