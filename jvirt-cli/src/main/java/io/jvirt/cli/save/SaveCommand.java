package io.jvirt.cli.save;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jvirt save DOMAIN FILE [--bypass-cache] [--xml XMLFILE] [--running | --paused]
 * [--verbose]}: the guest's memory goes to FILE and the domain stops; {@code restore} goes on
 * from there.
 */
public final class SaveCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<Path> file = parameter("FILE", Path.class, "Where the save image goes.");
    private final Value<Path> xml = option("--xml", "XMLFILE", Path.class,
            "A definition to record instead of the running one (same hardware; other disk paths, say).");
    private final SaveFlags flags = new SaveFlags(this::flag, true);
    private final Flag verbose = flag("--verbose", "Accepted for virsh's sake.");

    public SaveCommand() {
        super("save", "Save a domain's state to a file and stop it.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String name = client.info(domain.get()).name();
        Path to = file.get().toAbsolutePath();
        DomainInfo d = client.saves().save(domain.get(), to.toString(),
                xml.get() == null ? null : Files.readString(xml.get()), flags.given());
        return report(d, "\nDomain '" + name + "' saved to " + file.get());
    }
}
