package io.jvirt.cli.save;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code jvirt restore FILE [--bypass-cache] [--xml XMLFILE] [--running | --paused]}: starts the saved domain. */
public final class RestoreCommand extends ClientVerb {
    private final Value<Path> file = parameter("FILE", Path.class, "The save image.");
    private final Value<Path> xml = option("--xml", "XMLFILE", Path.class,
            "A definition to run instead of the recorded one (same hardware).");
    private final SaveFlags flags = new SaveFlags(this::flag, true);

    public RestoreCommand() {
        super("restore", "Restore a domain from a save image.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.saves().restore(file.get().toAbsolutePath().toString(),
                xml.get() == null ? null : Files.readString(xml.get()), flags.given());
        return report(d, "Domain restored from " + file.get());
    }
}
