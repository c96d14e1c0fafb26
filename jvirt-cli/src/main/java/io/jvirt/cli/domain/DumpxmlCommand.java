package io.jvirt.cli.domain;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt dumpxml DOMAIN [--inactive]}: libvirt domain XML. */
@Command(name = "dumpxml", description = "Print a domain's libvirt XML.")
public final class DumpxmlCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;
    @Option(names = "--inactive", description = "The persistent definition, not the running one.")
    boolean inactive;

    @Override
    protected int run(JvirtClient client) throws Exception {
        String xml = client.xml(domain, inactive);
        printXml(xml);
        return 0;
    }
}
