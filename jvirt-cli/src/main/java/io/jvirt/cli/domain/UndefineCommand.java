package io.jvirt.cli.domain;

import io.jvirt.api.UndefinedStorage;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParameterException;

/**
 * {@code jvirt undefine DOMAIN} with virsh's options: the definition goes, and with it the state
 * of an emulated TPM unless {@code --keep-tpm} keeps it; a UEFI variable store needs
 * {@code --nvram} (delete) or {@code --keep-nvram}; a shut-off domain with snapshots needs
 * {@code --snapshots-metadata}, one with a managed save image {@code --managed-save}.
 * {@code --remove-all-storage} or {@code --storage vda,PATH} removes the disks' storage volumes
 * too (wiped first with {@code --wipe-storage}); jvirtd refuses, changing nothing, when one of
 * them is another domain's disk or another volume's backing image.
 */
public final class UndefineCommand extends ClientVerb {
    private final Flag nvram = flag("--nvram", "Also delete the domain's UEFI variable store.");
    private final Flag keepNvram = flag("--keep-nvram", "Keep the domain's UEFI variable store.");
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag tpm = flag("--tpm", "Delete the state of the domain's emulated TPM (the default).");
    private final Flag keepTpm = flag("--keep-tpm", "Keep the state of the domain's emulated TPM.");
    private final Flag snapshotsMetadata = flag("--snapshots-metadata",
            "Let a shut-off domain with snapshots go, and their metadata with it.");
    private final Flag checkpointsMetadata = flag("--checkpoints-metadata",
            "Accepted for virsh's scripts: jvirt keeps no checkpoints, so there is none to remove.");
    private final Flag managedSave = flag("--managed-save", "Remove the domain's managed save image too.");
    private final Value<String> storage = option("--storage", "DISKS",
            "Remove these disks' storage volumes too: targets (vda) or source paths, separated by commas.");
    private final Flag removeAllStorage = flag("--remove-all-storage",
            "Remove the storage volumes of all the domain's disks too (use with care).");
    private final Flag deleteSnapshots = flag("--delete-storage-volume-snapshots, --delete-snapshots",
            "With --remove-all-storage: the volumes' snapshots go too (a file volume's go with the file).");
    private final Flag wipeStorage = flag("--wipe-storage", "Overwrite the removed volumes with zeroes first.");

    public UndefineCommand() {
        super("undefine", "Remove a domain's persistent definition (and, if asked, its disks' storage volumes).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<String> problems = new ArrayList<>();
        if (nvram.get() && keepNvram.get()) {
            problems.add("--nvram and --keep-nvram contradict each other; give one of them.");
        }
        if (tpm.get() && keepTpm.get()) {
            problems.add("--tpm and --keep-tpm contradict each other; give one of them.");
        }
        if (storage.get() != null && removeAllStorage.get()) {
            problems.add("--storage and --remove-all-storage exclude each other; give one of them.");
        }
        if (deleteSnapshots.get() && !removeAllStorage.get()) {
            problems.add("--delete-storage-volume-snapshots goes with --remove-all-storage.");
        }
        if (wipeStorage.get() && storage.get() == null && !removeAllStorage.get()) {
            problems.add("--wipe-storage needs --storage DISKS or --remove-all-storage: the volumes to wipe.");
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec().commandLine(), String.join(" ", problems));
        }
        JvirtClient.NvramPolicy policy = nvram.get() ? JvirtClient.NvramPolicy.DELETE
                : keepNvram.get() ? JvirtClient.NvramPolicy.KEEP : JvirtClient.NvramPolicy.REFUSE;
        String domain = this.domain.get();
        if (storage.get() == null && !removeAllStorage.get()) {
            String name = client.info(domain).name();
            client.undefine(domain, policy, keepTpm.get(), snapshotsMetadata.get(), managedSave.get());
            return report(Map.of("name", name, "undefined", true), "Domain '" + name + "' has been undefined");
        }
        UndefinedStorage r = client.undefineWithStorage(domain, policy, keepTpm.get(), snapshotsMetadata.get(),
                managedSave.get(), removeAllStorage.get() ? List.of("all") : List.of(storage.get().split(",")),
                wipeStorage.get());
        boolean failed = r.volumes().stream().anyMatch(v -> v.pool() != null && !v.removed());
        if (json()) {
            printJson(r);
            return failed ? 1 : 0;
        }
        out().println("Domain '" + r.domain().name() + "' has been undefined");
        for (UndefinedStorage.Volume v : r.volumes()) {
            if (v.removed()) {
                out().println((wipeStorage.get() ? "Wiped and removed" : "Removed") + " volume '" + v.target() + "' ("
                        + v.source() + ").");
            } else {
                err().println((v.pool() == null ? "warning: " : "error: ") + v.message());
            }
        }
        out().println();
        out().flush();
        err().flush();
        return failed ? 1 : 0;
    }
}
