package io.jvirt.qemu.firmware;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.qemu.firmware.FirmwareException.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a descriptor fits a definition ({@code qemuFirmwareMatchDomain}) and what choosing it
 * writes into the definition ({@code qemuFirmwareEnableFeatures}).
 */
final class FirmwareMatch {

    static final String SECURE_BOOT = "secure-boot";
    static final String ENROLLED_KEYS = "enrolled-keys";
    static final String REQUIRES_SMM = "requires-smm";
    static final String ACPI_S3 = "acpi-s3";
    static final String ACPI_S4 = "acpi-s4";

    private FirmwareMatch() {
    }

    static boolean matches(DomainDef def, FirmwareDescriptor d, MachineAliases machines) {
        OsDef os = def.os();
        String want;
        if (os.firmware() != null) {
            want = switch (os.firmware()) {
                case EFI -> "uefi";
                case BIOS -> "bios";
            };
        } else {
            want = switch (os.loader().effectiveType()) {
                case ROM -> "bios";
                case PFLASH -> "uefi";
            };
            if (!(d.mapping() instanceof FirmwareDescriptor.Flash f)
                    || !f.executable().filename().equals(os.loader().path())) {
                return false;
            }
        }
        if (!d.interfaces().contains(want) || !targets(d, arch(def), machines.canonical(os.machine()))) {
            return false;
        }
        if (def.pm() != null && Boolean.TRUE.equals(def.pm().suspendToMem()) && !d.has(ACPI_S3)) {
            return false;
        }
        if (def.pm() != null && Boolean.TRUE.equals(def.pm().suspendToDisk()) && !d.has(ACPI_S4)) {
            return false;
        }
        OsDef.FirmwareFeatures wanted = os.firmwareFeatures();
        if (wanted != null && (!fits(wanted.secureBoot(), d.has(SECURE_BOOT))
                || !fits(wanted.enrolledKeys(), d.has(ENROLLED_KEYS)))) {
            return false;
        }
        OsDef.Loader loader = os.loader();
        if (loader != null && Boolean.TRUE.equals(loader.secure()) && !d.has(REQUIRES_SMM)) {
            return false;
        }
        if (d.mapping() instanceof FirmwareDescriptor.Flash f) {
            boolean stateless = loader != null && Boolean.TRUE.equals(loader.stateless());
            FirmwareDescriptor.FlashMode need = stateless ? FirmwareDescriptor.FlashMode.STATELESS
                    : FirmwareDescriptor.FlashMode.SPLIT;
            return f.mode() == need;
        }
        return true;
    }

    private static boolean fits(Boolean wanted, boolean offered) {
        return wanted == null || wanted == offered;
    }

    private static String arch(DomainDef def) {
        return def.os().arch() == null ? "x86_64" : def.os().arch();
    }

    private static boolean targets(FirmwareDescriptor d, String arch, String machine) {
        for (FirmwareDescriptor.Target t : d.targets()) {
            String a = t.architecture().equals("i386") ? "i686" : t.architecture();
            if (!a.equals(arch)) {
                continue;
            }
            for (String glob : t.machines()) {
                if (Glob.matches(glob, machine)) {
                    return true;
                }
            }
        }
        return false;
    }

    static DomainDef apply(DomainDef def, FirmwareDescriptor d, Path nvramDir) {
        OsDef os = def.os();
        OsDef.Loader old = os.loader();
        Boolean stateless = old == null ? null : old.stateless();
        Boolean secure = old == null ? null : old.secure();
        Boolean smm = def.features().smm();
        if (d.has(REQUIRES_SMM)) {
            if (Boolean.FALSE.equals(smm)) {
                throw new FirmwareException(Kind.CONFLICT, "Domain '" + def.name() + "' has SMM turned off, but the "
                        + "firmware chosen for it (" + d.file() + ") requires SMM; remove <smm state='off'/>.");
            }
            smm = Boolean.TRUE;
            secure = Boolean.TRUE;
        }
        OsDef.Builder b = os.toBuilder().firmware(null).firmwareFeatures(null);
        switch (d.mapping()) {
            case FirmwareDescriptor.Flash f -> {
                OsDef.ImageFormat format = format(d, f.executable());
                b.loader(new OsDef.Loader(f.executable().filename(), Boolean.TRUE, secure, OsDef.Loader.Type.PFLASH,
                        stateless, format));
                if (f.mode() == FirmwareDescriptor.FlashMode.SPLIT) {
                    OsDef.ImageFormat nvFormat = format(d, f.nvramTemplate());
                    OsDef.Nvram nv = os.nvram();
                    String path = nv != null && nv.path() != null ? nv.path()
                            : FirmwareResolver.defaultNvram(nvramDir, def.name()).toString();
                    b.nvram(new OsDef.Nvram(path, f.nvramTemplate().filename(), nvFormat,
                            nv != null && nv.sourceStyle()));
                }
            }
            case FirmwareDescriptor.Memory m -> b.loader(new OsDef.Loader(m.filename(), null, secure,
                    OsDef.Loader.Type.ROM, stateless, null));
            case FirmwareDescriptor.Kernel k -> b.kernel(k.filename());
        }
        return def.toBuilder().os(b.build()).features(def.features().toBuilder().smm(smm).build()).build();
    }

    private static OsDef.ImageFormat format(FirmwareDescriptor d, FirmwareDescriptor.FlashFile f) {
        return switch (f.format()) {
            case "raw" -> null;
            case "qcow2" -> OsDef.ImageFormat.QCOW2;
            default -> throw new FirmwareException(Kind.CONFLICT, "The firmware descriptor " + d.file()
                    + " names " + f.filename() + " in the format '" + f.format() + "', which QEMU's flash cannot use.");
        };
    }

    /** What a definition asks for, in words, for the message when nothing fits. */
    static String wanted(DomainDef def, MachineAliases machines) {
        OsDef os = def.os();
        List<String> parts = new ArrayList<>();
        parts.add(os.firmware() == OsDef.Firmware.BIOS ? "BIOS" : "UEFI");
        parts.add("firmware for " + arch(def) + " machine type " + machines.canonical(os.machine()));
        OsDef.FirmwareFeatures f = os.firmwareFeatures();
        if (f != null && f.secureBoot() != null) {
            parts.add(f.secureBoot() ? "with Secure Boot" : "without Secure Boot");
        }
        if (f != null && f.enrolledKeys() != null) {
            parts.add(f.enrolledKeys() ? "with enrolled keys" : "without enrolled keys");
        }
        if (os.loader() != null && Boolean.TRUE.equals(os.loader().stateless())) {
            parts.add("stateless");
        }
        return String.join(" ", parts);
    }
}
