package io.jvirt.cli.domain;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import java.util.Map;
import picocli.CommandLine.ParameterException;

/**
 * {@code jvirt undefine [--nvram | --keep-nvram] [--keep-tpm] [--snapshots-metadata] [--managed-save] DOMAIN}:
 * the definition goes, and with it the state of an emulated TPM unless {@code --keep-tpm} keeps
 * it (as virsh); a UEFI variable store needs {@code --nvram} (delete) or {@code --keep-nvram}; a
 * shut-off domain with snapshots needs {@code --snapshots-metadata}, one with a managed save
 * image {@code --managed-save}.
 */
public final class UndefineCommand extends ClientVerb {
    private final Flag nvram = flag("--nvram", "Also delete the domain's UEFI variable store.");
    private final Flag keepNvram = flag("--keep-nvram", "Keep the domain's UEFI variable store.");
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
        if (nvram.get() && keepNvram.get()) {
            throw new ParameterException(spec().commandLine(),
                    "--nvram and --keep-nvram contradict each other; give one of them.");
        }
        JvirtClient.NvramPolicy policy = nvram.get() ? JvirtClient.NvramPolicy.DELETE
                : keepNvram.get() ? JvirtClient.NvramPolicy.KEEP : JvirtClient.NvramPolicy.REFUSE;
        String domain = this.domain.get();
        String name = client.info(domain).name();
        client.undefine(domain, policy, keepTpm.get(), snapshotsMetadata.get(), managedSave.get());
        return report(Map.of("name", name, "undefined", true), "Domain '" + name + "' has been undefined");
    }
}
