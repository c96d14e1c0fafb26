package io.jvirt.cli.domain;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jvirt domxml-from-native FORMAT CONFIG}: virsh's verb, which jvirtd refuses with a
 * sentence, as libvirt's QEMU driver has since 5.5 (a QEMU command line is not turned back into
 * a domain XML).
 */
public final class DomxmlFromNativeCommand extends ClientVerb {
    private final Value<String> format = parameter("FORMAT", "Source config data type format.");
    private final Value<Path> config = parameter("CONFIG", Path.class, "Config data file to import from.");

    public DomxmlFromNativeCommand() {
        super("domxml-from-native", "Convert native config to domain XML.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String xml = client.fromNative(format.get(), Files.readString(config.get()));
        out().print(xml + "\n");
        out().flush();
        return 0;
    }
}
