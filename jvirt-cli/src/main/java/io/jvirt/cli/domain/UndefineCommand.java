package io.jvirt.cli.domain;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import java.util.Map;
import picocli.CommandLine.ParameterException;

/**
 * {@code jvirt undefine [--nvram | --keep-nvram] [--keep-tpm] DOMAIN}: the definition goes, and
 * with it the state of an emulated TPM unless {@code --keep-tpm} keeps it (as virsh); a UEFI
 * variable store needs {@code --nvram} (delete) or {@code --keep-nvram}.
 */
public final class UndefineCommand extends ClientVerb {
    private final Flag nvram = flag("--nvram", "Also delete the domain's UEFI variable store.");
    private final Flag keepNvram = flag("--keep-nvram", "Keep the domain's UEFI variable store.");
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag keepTpm = flag("--keep-tpm", "Keep the state of the domain's emulated TPM.");

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
        client.undefine(domain, policy, keepTpm.get());
        return report(Map.of("name", name, "undefined", true), "Domain '" + name + "' has been undefined");
    }
}
