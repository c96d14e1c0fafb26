package io.jvirt.cli.save;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.nio.file.Path;

/** {@code jvirt save-image-dumpxml FILE [--security-info]}: the definition a save image records. */
public final class SaveImageDumpxmlCommand extends ClientVerb {
    private final XpathOptions xpath = xpathOptions();
    private final Value<Path> file = parameter("FILE", Path.class, "The save image.");
    private final Flag securityInfo = flag("--security-info", "Include security-sensitive information (passwords).");

    public SaveImageDumpxmlCommand() {
        super("save-image-dumpxml", "Print the domain XML a save image records.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        printXml(xpath.apply(client.saves().imageXml(file.get().toAbsolutePath().toString(), securityInfo.get())));
        return 0;
    }
}
