package io.jvirt.cli.save;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.nio.file.Path;
import java.util.Set;

/**
 * {@code jvirt dump DOMAIN FILE --memory-only [--format elf|kdump-zlib|kdump-lzo|kdump-snappy|win-dmp]}:
 * the guest's memory as a core file (QEMU's dump-guest-memory); the guest goes on.
 */
public final class DumpCommand extends ClientVerb {
    private static final Set<String> FORMATS = Set.of("elf", "kdump-zlib", "kdump-lzo", "kdump-snappy", "win-dmp");
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<Path> file = parameter("FILE", Path.class, "Where the core goes.");
    private final Flag memoryOnly = flag("--memory-only", "Dump the guest's memory only (the one kind jvirt makes).");
    private final Value<String> format = option("--format", "FORMAT", "elf (default), kdump-zlib, kdump-lzo, "
            + "kdump-snappy or win-dmp.");
    private final Flag verbose = flag("--verbose", "Accepted for virsh's sake.");

    public DumpCommand() {
        super("dump", "Dump a domain's memory to a core file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (!memoryOnly.get()) {
            throw new JvirtClientException(ErrorCode.UNSUPPORTED, "jvirt dumps the guest's memory only; give "
                    + "--memory-only.");
        }
        String f = format.get() == null ? "elf" : format.get();
        if (!FORMATS.contains(f)) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "Unknown dump format '" + f + "'; give one of "
                    + "elf, kdump-zlib, kdump-lzo, kdump-snappy, win-dmp.");
        }
        String name = client.info(domain.get()).name();
        DomainInfo d = client.saves().dump(domain.get(), file.get().toAbsolutePath().toString(), f);
        return report(d, "\nDomain '" + name + "' dumped to " + file.get());
    }
}
