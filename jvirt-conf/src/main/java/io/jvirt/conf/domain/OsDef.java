package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code <os>} element: machine type, firmware and how the guest boots. Firmware is
 * either named by hand ({@code <loader>} with a path, {@code <nvram>}) or chosen at start
 * from the host's QEMU firmware descriptors ({@code <os firmware='efi|bios'>}, optionally
 * with {@code <firmware><feature>} requirements); the checks are libvirt's
 * ({@code virDomainDefOSValidate}).
 *
 * @param arch the guest architecture such as {@code x86_64}, or null for the host's
 * @param machine the QEMU machine type such as {@code q35} or {@code pc-q35-7.2}, or null for the default
 * @param firmware the firmware interface to choose automatically, or null when the firmware is named by hand
 *     (or is QEMU's default BIOS)
 * @param firmwareFeatures what the automatically chosen firmware must or must not offer, or null
 * @param loader the firmware image, or null for the default BIOS or an automatic choice
 * @param nvram the UEFI variable store, or null
 * @param kernel the path of a kernel to boot directly, or null
 * @param initrd the path of an initial ramdisk, or null
 * @param cmdline the kernel command line, or null
 * @param dtb the path of a device tree blob given to the kernel, or null
 * @param acpiSlic the path of an ACPI SLIC table ({@code <acpi><table type='slic'>}), or null
 * @param boot the BIOS boot order ({@code <boot dev>} elements), possibly empty
 * @param bootMenu the {@code <bootmenu>} element, or null
 * @param bios the {@code <bios>} element, or null
 * @param smbios where the guest's SMBIOS tables come from ({@code <smbios mode>}), or null for QEMU's own
 */
public record OsDef(String arch, String machine, Firmware firmware, FirmwareFeatures firmwareFeatures, Loader loader,
                    Nvram nvram, String kernel, String initrd, String cmdline, String dtb, String acpiSlic,
                    List<BootDevice> boot, BootMenu bootMenu, Bios bios, SmbiosMode smbios) {

    private static final Pattern ARCH = Pattern.compile("[a-z0-9_]+");
    private static final Pattern MACHINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** An {@code hvm} guest with all defaults. */
    public static final OsDef DEFAULT = new Builder().build();

    /** Validates the values and how they fit together. */
    public OsDef {
        Checks.matches(arch, ARCH, "The OS architecture");
        Checks.matches(machine, MACHINE, "The machine type");
        boot = Checks.list(boot);
        Set<BootDevice> seen = new HashSet<>();
        for (BootDevice b : boot) {
            if (!seen.add(b)) {
                throw new ConfException(Kind.DUPLICATE, "The boot device '" + b.xml() + "' is listed twice.");
            }
        }
        Checks.path(kernel, "The kernel path");
        Checks.path(initrd, "The initrd path");
        Checks.path(dtb, "The device tree path");
        Checks.path(acpiSlic, "The ACPI table path");
        Checks.noControl(cmdline, "The kernel command line");
        if (kernel == null && (initrd != null || cmdline != null || dtb != null)) {
            throw new ConfException(Kind.CONFLICT,
                    "An <initrd>, <cmdline> or <dtb> needs a <kernel> to go with it.");
        }
        if (firmware != null) {
            checkAutomatic(firmware, loader, nvram);
        } else {
            checkManual(firmwareFeatures, loader, nvram);
        }
        if (loader != null && Boolean.TRUE.equals(loader.secure())) {
            if (!isQ35(machine)) {
                throw new ConfException(Kind.CONFLICT, "Secure Boot works with q35 machine types only, not with '"
                        + (machine == null ? "pc" : machine) + "'; use <type machine='q35'>.");
            }
            if (arch != null && !arch.equals("x86_64")) {
                throw new ConfException(Kind.CONFLICT,
                        "Secure Boot works for the x86_64 architecture only, not for '" + arch + "'.");
            }
        }
    }

    private static void checkAutomatic(Firmware firmware, Loader loader, Nvram nvram) {
        if (loader != null) {
            String what = loader.path() != null ? "path" : loader.readonly() != null ? "attribute 'readonly'"
                    : loader.type() != null ? "attribute 'type'" : loader.format() != null ? "attribute 'format'"
                    : Boolean.FALSE.equals(loader.secure()) ? "attribute 'secure'" : null;
            if (what != null) {
                throw new ConfException(Kind.CONFLICT, "The <loader> " + what + " cannot be given when the firmware "
                        + "is chosen automatically (<os firmware='" + firmware.xml() + "'>); remove it, or remove the "
                        + "firmware attribute to name the firmware by hand.");
            }
            if (Boolean.TRUE.equals(loader.stateless()) && nvram != null) {
                throw new ConfException(Kind.CONFLICT, "A stateless <loader> has no <nvram>; remove one of them.");
            }
            if (Boolean.FALSE.equals(loader.stateless()) && firmware != Firmware.EFI) {
                throw new ConfException(Kind.CONFLICT, "Only EFI firmware keeps variables in NVRAM; "
                        + "remove stateless='no' from <loader>.");
            }
        }
        if (nvram != null) {
            if (firmware != Firmware.EFI) {
                throw new ConfException(Kind.CONFLICT,
                        "The firmware type '" + firmware.xml() + "' has no NVRAM; remove <nvram>.");
            }
            if (nvram.template() != null) {
                throw new ConfException(Kind.CONFLICT, "The <nvram> attribute 'template' cannot be given when the "
                        + "firmware is chosen automatically; the chosen firmware names its own template.");
            }
        }
    }

    private static void checkManual(FirmwareFeatures features, Loader loader, Nvram nvram) {
        if (features != null) {
            throw new ConfException(Kind.CONFLICT, "<firmware> requirements need automatic firmware selection; add "
                    + "firmware='efi' to <os>.");
        }
        if (loader == null) {
            if (nvram != null) {
                throw new ConfException(Kind.MISSING_VALUE, "An <nvram> store needs a <loader type='pflash'> with "
                        + "the firmware path, or <os firmware='efi'>.");
            }
            return;
        }
        if (loader.path() == null) {
            throw new ConfException(Kind.MISSING_VALUE, "The <loader> needs the firmware path, or <os firmware='efi'> "
                    + "to choose one automatically.");
        }
        if (Boolean.TRUE.equals(loader.stateless())) {
            if (nvram != null) {
                throw new ConfException(Kind.CONFLICT, "A stateless <loader> has no <nvram>; remove one of them.");
            }
        } else if (Boolean.FALSE.equals(loader.stateless()) && loader.effectiveType() != Loader.Type.PFLASH) {
            throw new ConfException(Kind.CONFLICT, "Only a <loader type='pflash'> keeps variables in NVRAM; "
                    + "remove stateless='no' or set type='pflash'.");
        }
        if (nvram != null && loader.effectiveType() != Loader.Type.PFLASH) {
            throw new ConfException(Kind.CONFLICT, "An <nvram> store needs a <loader type='pflash'>.");
        }
    }

    /**
     * Returns whether a machine type is a Q35 one ({@code q35}, {@code pc-q35-*}).
     *
     * @param machine the machine type, or null for the default (i440FX)
     * @return whether it is Q35
     */
    public static boolean isQ35(String machine) {
        return machine != null && (machine.equals("q35") || machine.startsWith("pc-q35-"));
    }

    /**
     * Returns whether the firmware is UEFI named by hand as a read-only pflash image
     * (libvirt's "old style" UEFI), which keeps its variables in an {@code <nvram>} store.
     */
    public boolean hasReadOnlyUefiLoader() {
        return firmware == null && loader != null && loader.effectiveType() == Loader.Type.PFLASH
                && Boolean.TRUE.equals(loader.readonly()) && !Boolean.TRUE.equals(loader.stateless());
    }

    /** Returns a builder holding this element's parts, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns a copy with another machine type.
     *
     * @param newMachine the machine type
     * @return the copy
     */
    public OsDef withMachine(String newMachine) {
        return toBuilder().machine(newMachine).build();
    }

    /** The {@code firmware} attribute of {@code <os>}: which kind of firmware to choose automatically. */
    public enum Firmware implements XmlEnum {
        /** A legacy BIOS (SeaBIOS). */
        BIOS("bios"),
        /** UEFI (OVMF). */
        EFI("efi");

        private final String xml;

        Firmware(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <firmware>} element: features the automatically chosen firmware must offer
     * ({@code enabled='yes'}) or must not offer ({@code enabled='no'}).
     *
     * @param enrolledKeys whether the variable store must have Secure Boot keys enrolled, or null for either
     * @param secureBoot whether the firmware must support Secure Boot, or null for either
     */
    public record FirmwareFeatures(Boolean enrolledKeys, Boolean secureBoot) {
        /**
         * Requires at least one feature, as libvirt's schema does; enrolled keys imply Secure Boot,
         * which is then written explicitly, as libvirt does.
         */
        public FirmwareFeatures {
            if (enrolledKeys == null && secureBoot == null) {
                throw new ConfException(Kind.MISSING_VALUE, "<firmware> needs at least one <feature>.");
            }
            if (Boolean.TRUE.equals(enrolledKeys)) {
                if (Boolean.FALSE.equals(secureBoot)) {
                    throw new ConfException(Kind.CONFLICT, "The firmware feature 'enrolled-keys' cannot be enabled "
                            + "when 'secure-boot' is disabled: enrolled keys are Secure Boot keys.");
                }
                secureBoot = Boolean.TRUE;
            }
        }
    }

    /** A {@code <boot dev>} value. */
    public enum BootDevice implements XmlEnum {
        /** Floppy disk. */
        FD("fd"),
        /** Hard disk. */
        HD("hd"),
        /** CD-ROM. */
        CDROM("cdrom"),
        /** Network (PXE). */
        NETWORK("network");

        private final String xml;

        BootDevice(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <bootmenu>} element.
     *
     * @param enable whether the firmware shows a boot menu
     * @param timeoutMs how long it waits, in milliseconds, or null for the default
     */
    public record BootMenu(boolean enable, Integer timeoutMs) {
        /** Validates the timeout. */
        public BootMenu {
            Checks.range(timeoutMs, 0, 65535, "The boot menu timeout");
        }
    }

    /**
     * The {@code <bios>} element.
     *
     * @param useSerial whether the BIOS prints to the serial port (QEMU's {@code graphics=off}), or null
     * @param rebootTimeoutMs how long the BIOS waits before retrying when no boot device is found, in
     *     milliseconds; -1 never retries; null for QEMU's default
     */
    public record Bios(Boolean useSerial, Integer rebootTimeoutMs) {
        /** Validates the timeout. */
        public Bios {
            Checks.range(rebootTimeoutMs, -1, 65535, "The BIOS reboot timeout");
        }
    }

    /** The {@code mode} attribute of {@code <smbios>}. */
    public enum SmbiosMode implements XmlEnum {
        /** QEMU's own tables. */
        EMULATE("emulate"),
        /** The host's BIOS, system, base board and chassis strings. */
        HOST("host"),
        /** The domain's {@code <sysinfo type='smbios'>}. */
        SYSINFO("sysinfo");

        private final String xml;

        SmbiosMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The format of a firmware image or variable store ({@code format} attribute). */
    public enum ImageFormat implements XmlEnum {
        /** A raw image. */
        RAW("raw"),
        /** A qcow2 image. */
        QCOW2("qcow2");

        private final String xml;

        ImageFormat(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <loader>} element.
     *
     * @param path the firmware image path, or null when the firmware is chosen automatically
     * @param readonly whether the image is read-only, or null
     * @param secure whether the flash is writable only from SMM (Secure Boot), or null
     * @param type how the image is mapped, or null for ROM
     * @param stateless whether the firmware runs without a variable store, or null
     * @param format the image format, or null for raw
     */
    public record Loader(String path, Boolean readonly, Boolean secure, Type type, Boolean stateless,
                         ImageFormat format) {
        /** Validates the path; a loader named by path without a type is a ROM, written so as in libvirt. */
        public Loader {
            Checks.path(path, "The loader path");
            if (path != null && type == null) {
                type = Type.ROM;
            }
        }

        /** Returns the mapping, ROM when none is given. */
        public Type effectiveType() {
            return type == null ? Type.ROM : type;
        }

        /** The {@code type} attribute. */
        public enum Type implements XmlEnum {
            /** Mapped as a ROM. */
            ROM("rom"),
            /** Mapped as a flash device, as UEFI needs. */
            PFLASH("pflash");

            private final String xml;

            Type(String xml) {
                this.xml = xml;
            }

            @Override
            public String xml() {
                return xml;
            }
        }
    }

    /**
     * The {@code <nvram>} element.
     *
     * @param path the per-guest variable store, or null until one is assigned
     * @param template the pristine store it is copied from when it does not exist, or null
     * @param format the store's format, or null for raw
     * @param sourceStyle whether it is written as {@code <nvram type='file'><source file/></nvram>}
     */
    public record Nvram(String path, String template, ImageFormat format, boolean sourceStyle) {
        /** Validates the paths. */
        public Nvram {
            Checks.path(path, "The NVRAM path");
            Checks.path(template, "The NVRAM template path");
            if (sourceStyle && path == null) {
                throw new ConfException(Kind.MISSING_VALUE, "<nvram type='file'> needs <source file>.");
            }
        }

        /**
         * Returns a copy with another path.
         *
         * @param newPath the path
         * @return the copy
         */
        public Nvram withPath(String newPath) {
            return new Nvram(newPath, template, format, sourceStyle);
        }
    }

    /** Collects the parts of an {@link OsDef}; {@link #build()} validates them. */
    public static final class Builder {
        private String arch;
        private String machine;
        private Firmware firmware;
        private FirmwareFeatures firmwareFeatures;
        private Loader loader;
        private Nvram nvram;
        private String kernel;
        private String initrd;
        private String cmdline;
        private String dtb;
        private String acpiSlic;
        private List<BootDevice> boot = List.of();
        private BootMenu bootMenu;
        private Bios bios;
        private SmbiosMode smbios;

        /** Starts with all defaults. */
        public Builder() {
        }

        private Builder(OsDef o) {
            arch = o.arch;
            machine = o.machine;
            firmware = o.firmware;
            firmwareFeatures = o.firmwareFeatures;
            loader = o.loader;
            nvram = o.nvram;
            kernel = o.kernel;
            initrd = o.initrd;
            cmdline = o.cmdline;
            dtb = o.dtb;
            acpiSlic = o.acpiSlic;
            boot = o.boot;
            bootMenu = o.bootMenu;
            bios = o.bios;
            smbios = o.smbios;
        }

        /** Sets {@code arch}; returns this builder. */
        public Builder arch(String value) {
            arch = value;
            return this;
        }

        /** Sets {@code machine}; returns this builder. */
        public Builder machine(String value) {
            machine = value;
            return this;
        }

        /** Sets {@code firmware}; returns this builder. */
        public Builder firmware(Firmware value) {
            firmware = value;
            return this;
        }

        /** Sets {@code firmwareFeatures}; returns this builder. */
        public Builder firmwareFeatures(FirmwareFeatures value) {
            firmwareFeatures = value;
            return this;
        }

        /** Sets {@code loader}; returns this builder. */
        public Builder loader(Loader value) {
            loader = value;
            return this;
        }

        /** Sets {@code nvram}; returns this builder. */
        public Builder nvram(Nvram value) {
            nvram = value;
            return this;
        }

        /** Sets {@code kernel}; returns this builder. */
        public Builder kernel(String value) {
            kernel = value;
            return this;
        }

        /** Sets {@code initrd}; returns this builder. */
        public Builder initrd(String value) {
            initrd = value;
            return this;
        }

        /** Sets {@code cmdline}; returns this builder. */
        public Builder cmdline(String value) {
            cmdline = value;
            return this;
        }

        /** Sets {@code dtb}; returns this builder. */
        public Builder dtb(String value) {
            dtb = value;
            return this;
        }

        /** Sets {@code acpiSlic}; returns this builder. */
        public Builder acpiSlic(String value) {
            acpiSlic = value;
            return this;
        }

        /** Sets {@code boot}; returns this builder. */
        public Builder boot(List<BootDevice> value) {
            boot = value;
            return this;
        }

        /** Sets {@code bootMenu}; returns this builder. */
        public Builder bootMenu(BootMenu value) {
            bootMenu = value;
            return this;
        }

        /** Sets {@code bios}; returns this builder. */
        public Builder bios(Bios value) {
            bios = value;
            return this;
        }

        /** Sets {@code smbios}; returns this builder. */
        public Builder smbios(SmbiosMode value) {
            smbios = value;
            return this;
        }

        /** Returns the validated element. */
        public OsDef build() {
            return new OsDef(arch, machine, firmware, firmwareFeatures, loader, nvram, kernel, initrd, cmdline, dtb,
                    acpiSlic, boot, bootMenu, bios, smbios);
        }
    }
}
