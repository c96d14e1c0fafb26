package io.jvirt.cli.storage;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-dumpxml POOL [--inactive]}: libvirt pool XML, with live sizes while the pool runs. */
@Command(name = "pool-dumpxml", description = "Print a storage pool's libvirt XML.")
public final class PoolDumpxmlCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;
    @Option(names = "--inactive", description = "The persistent definition, without live sizes.")
    boolean inactive;

    @Override
    protected int run(JvirtClient client) throws Exception {
        String xml = client.poolXml(pool, inactive);
        if (json) {
            printJson(java.util.Map.of("xml", xml));
        } else {
            out().print(xml.endsWith("\n") ? xml : xml + "\n");
            out().flush();
        }
        return 0;
    }
}
