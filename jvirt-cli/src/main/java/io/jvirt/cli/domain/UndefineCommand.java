package io.jvirt.cli.domain;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt undefine DOMAIN [--keep-tpm] [--snapshots-metadata] [--managed-save]}: the definition goes, and with it the state of an
 * emulated TPM unless {@code --keep-tpm} keeps it (as virsh).
 */
public final class UndefineCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag keepTpm = flag("--keep-tpm", "Keep the state of the domain's emulated TPM.");
    private final Flag snapshotsMetadata = flag("--snapshots-metadata",
            "Let a shut-off domain with snapshots go, and their metadata with it.");
    private final Flag managedSave = flag("--managed-save", "Remove the domain's managed save image too.");

    public UndefineCommand() {
        super("undefine", "Remove a domain's persistent definition.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String domain = this.domain.get();
        String name = client.info(domain).name();
        client.undefine(domain, keepTpm.get(), snapshotsMetadata.get(), managedSave.get());
        return report(java.util.Map.of("name", name, "undefined", true), "Domain '" + name + "' has been undefined");
    }
}
