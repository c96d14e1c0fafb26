package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;
import java.util.UUID;

/**
 * Checks of a domain that span its sections: firmware against features, sysinfo against the
 * domain UUID, accelerator-specific features against the domain type. They are libvirt's
 * ({@code virDomainDefOSValidate}, {@code qemuValidateDomainDefBoot}, QEMU's TSEG and TCG
 * post-parse checks), made when a definition is built.
 */
final class DomainChecks {

    private DomainChecks() {
    }

    static void firmwareAndFeatures(DomainType type, UUID uuid, List<SysinfoDef> sysinfo, OsDef os,
                                    Features features, Devices devices) {
        if (os.bios() != null && Boolean.TRUE.equals(os.bios().useSerial()) && devices.serials().isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "<bios useserial='yes'> prints to the first serial port, "
                    + "but the domain has no <serial>; add one.");
        }
        OsDef.Loader loader = os.loader();
        if (os.firmware() == null && loader != null && Boolean.TRUE.equals(loader.secure())
                && !Boolean.TRUE.equals(features.smm())) {
            throw new ConfException(Kind.CONFLICT, "A Secure Boot loader needs SMM: add <smm state='on'/> to "
                    + "<features>.");
        }
        boolean uefi = os.firmware() == OsDef.Firmware.EFI
                || (loader != null && loader.effectiveType() == OsDef.Loader.Type.PFLASH);
        if (uefi && !features.acpi()) {
            throw new ConfException(Kind.CONFLICT, "UEFI firmware needs ACPI on x86: add <acpi/> to <features>.");
        }
        if (features.tsegBytes() != null && !OsDef.isQ35(os.machine())) {
            throw new ConfException(Kind.CONFLICT, "An SMM TSEG size (<tseg>) needs a q35 machine type, not '"
                    + (os.machine() == null ? "pc" : os.machine()) + "'.");
        }
        if (features.tcgTbCacheKiB() != null && type != DomainType.QEMU) {
            throw new ConfException(Kind.CONFLICT, "<tcg> features need <domain type='qemu'>, not '" + type.xml()
                    + "'.");
        }
        boolean smbios = false;
        boolean fwcfg = false;
        for (SysinfoDef s : sysinfo) {
            boolean again = switch (s) {
                case SysinfoDef.Smbios sm -> {
                    checkSystemUuid(uuid, sm);
                    boolean was = smbios;
                    smbios = true;
                    yield was;
                }
                case SysinfoDef.FwCfg f -> {
                    boolean was = fwcfg;
                    fwcfg = true;
                    yield was;
                }
            };
            if (again) {
                throw new ConfException(Kind.DUPLICATE, "A domain has at most one <sysinfo> of each type.");
            }
        }
    }

    private static void checkSystemUuid(UUID uuid, SysinfoDef.Smbios sm) {
        String text = sm.systemUuid();
        if (text == null) {
            return;
        }
        UUID system = parseUuid(text);
        if (!system.equals(uuid)) {
            throw new ConfException(Kind.CONFLICT, "The <sysinfo> system uuid " + system
                    + " differs from the domain <uuid> " + uuid + "; they must be equal.");
        }
    }

    /**
     * Reads a UUID as libvirt does: 32 hex digits, dashes anywhere.
     *
     * @param text the text
     * @return the UUID
     */
    static UUID parseUuid(String text) {
        String hex = text.replace("-", "");
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            throw new ConfException(Kind.INVALID_VALUE, "The UUID '" + Checks.printable(text) + "' is not valid; "
                    + "write 32 hex digits, optionally grouped with dashes as 8-4-4-4-12.");
        }
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }
}
