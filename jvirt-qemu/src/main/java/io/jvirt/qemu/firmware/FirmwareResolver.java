package io.jvirt.qemu.firmware;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.qemu.firmware.FirmwareException.Kind;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Chooses a domain's firmware from the host's descriptors as libvirt 9.0 does
 * ({@code qemuFirmwareFillDomain}): for {@code <os firmware='efi|bios'>}, the first descriptor
 * in priority order whose interface, architecture, machine type glob and features fit the
 * definition; for a read-only UEFI loader named by hand without a template whose variable store
 * does not exist yet, the descriptor of that very loader, for its template. The result is the
 * live definition: the chosen loader and variable store written in as if named by hand, SMM
 * turned on and the flash made SMM-only when the firmware requires SMM. The persistent
 * definition keeps {@code firmware='efi'}, so a later start chooses again. Pure: the caller
 * reads the descriptors and says which files exist.
 */
public final class FirmwareResolver {

    private final FirmwareDescriptors descriptors;
    private final MachineAliases machines;
    private final Path nvramDir;

    /**
     * Creates a resolver.
     *
     * @param descriptors the host's descriptors
     * @param machines the machine type aliases, to match globs such as {@code pc-q35-*}
     * @param nvramDir where variable stores without a path go ({@code NAME_VARS.fd})
     */
    public FirmwareResolver(FirmwareDescriptors descriptors, MachineAliases machines, Path nvramDir) {
        this.descriptors = descriptors;
        this.machines = machines;
        this.nvramDir = nvramDir;
    }

    /**
     * The outcome of a resolution.
     *
     * @param def the definition to start: with the chosen firmware written in, or unchanged
     * @param chosen the descriptor chosen, or null when nothing was chosen
     * @param note what was done, for the log, or null
     */
    public record Resolution(DomainDef def, FirmwareDescriptor chosen, String note) {
    }

    /**
     * The variable store path a domain gets when its definition names none.
     *
     * @param nvramDir the directory of variable stores
     * @param domain the domain name
     * @return {@code nvramDir/NAME_VARS.fd}
     */
    public static Path defaultNvram(Path nvramDir, String domain) {
        return nvramDir.resolve(domain + "_VARS.fd");
    }

    /**
     * Resolves the firmware of a definition.
     *
     * @param def the definition (persistent or requested)
     * @param fileExists tells whether a file exists on the host (the variable store of a UEFI
     *     loader named by hand)
     * @return the resolution
     * @throws FirmwareException when automatic selection finds no firmware, or the chosen one
     *     contradicts the definition
     */
    public Resolution resolve(DomainDef def, Predicate<String> fileExists) {
        OsDef os = def.os();
        boolean needed;
        if (os.firmware() == null) {
            if (!os.hasReadOnlyUefiLoader() || (os.nvram() != null && os.nvram().template() != null)) {
                return new Resolution(def, null, null);
            }
            if (os.nvram() != null && os.nvram().path() != null && fileExists.test(os.nvram().path())) {
                return new Resolution(def, null, null);
            }
            needed = false;
        } else {
            needed = true;
        }
        for (FirmwareDescriptor d : descriptors.all()) {
            if (FirmwareMatch.matches(def, d, machines)) {
                DomainDef live = FirmwareMatch.apply(def, d, nvramDir);
                return new Resolution(live, d, "chose the firmware of " + d.file());
            }
        }
        if (!needed) {
            return new Resolution(def, null, "no descriptor names the loader " + os.loader().path()
                    + ", so its variable store has no template");
        }
        if (os.firmware() == OsDef.Firmware.BIOS && (os.loader() == null || os.loader().path() == null)) {
            // QEMU's own firmware is SeaBIOS: the same BIOS a descriptor would name on Debian
            OsDef builtin = os.toBuilder().firmware(null).firmwareFeatures(null).loader(null).build();
            return new Resolution(def.withOs(builtin), null,
                    "no BIOS descriptor matches; QEMU's built-in SeaBIOS is used");
        }
        throw new FirmwareException(Kind.NO_MATCH, "No firmware on this host satisfies domain '" + def.name()
                + "': " + FirmwareMatch.wanted(def, machines) + " was asked for, and none of the "
                + descriptors.all().size() + " descriptors in " + descriptors.dirs() + " offers it"
                + (descriptors.skipped().isEmpty() ? "" : " (skipped: " + String.join("; ", descriptors.skipped())
                + ")") + "; install the firmware package (ovmf for UEFI) or change the requirements.");
    }
}
