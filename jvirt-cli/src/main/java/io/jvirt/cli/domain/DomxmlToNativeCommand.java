package io.jvirt.cli.domain;

import io.jvirt.api.NativeConfig;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jvirt domxml-to-native FORMAT { [--xml] FILE | --domain DOMAIN }}: prints the QEMU
 * command line jvirtd would run for a domain XML file or a defined domain, as virsh does
 * (FORMAT {@code qemu-argv}); with {@code --json}, the line, its arguments, its environment and
 * notes on the parts only a start decides (run directory, tap names, inherited descriptors).
 */
public final class DomxmlToNativeCommand extends ClientVerb {
    private final Value<String> format = parameter("FORMAT", "Target config data type format (qemu-argv).");
    private final Value<Path> xmlArg = optionalParameter("XML", Path.class, "XML data file to export from.");
    private final Value<Path> xml = option("--xml", "FILE", Path.class, "XML data file to export from.");
    private final Value<String> domain = option("--domain", "DOMAIN", "Domain name, id or UUID.");

    public DomxmlToNativeCommand() {
        super("domxml-to-native", "Convert domain XML to native config.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (xmlArg.get() != null && xml.get() != null) {
            throw new IllegalArgumentException("Options XML and --xml are mutually exclusive");
        }
        Path file = xmlArg.get() != null ? xmlArg.get() : xml.get();
        if (file != null && domain.get() != null) {
            throw new IllegalArgumentException("Options --domain and --xml are mutually exclusive");
        }
        if (file == null && domain.get() == null) {
            throw new IllegalArgumentException("need either domain or domain XML");
        }
        NativeConfig n = client.toNative(format.get(), file == null ? null : Files.readString(file), domain.get());
        if (json()) {
            printJson(n);
        } else {
            out().print(n.text() + "\n");
            out().flush();
        }
        return 0;
    }
}
