package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code <os>} element: machine type, firmware and how the guest boots.
 *
 * @param arch the guest architecture such as {@code x86_64}, or null for the host's
 * @param machine the QEMU machine type such as {@code q35} or {@code pc-q35-7.2}, or null for the default
 * @param boot the BIOS boot order ({@code <boot dev>} elements), possibly empty
 * @param bootMenu the {@code <bootmenu>} element, or null
 * @param loader the firmware image, or null for the default BIOS
 * @param nvram the UEFI variable store, or null
 * @param kernel the path of a kernel to boot directly, or null
 * @param initrd the path of an initial ramdisk, or null
 * @param cmdline the kernel command line, or null
 */
public record OsDef(String arch, String machine, List<BootDevice> boot, BootMenu bootMenu, Loader loader,
                    Nvram nvram, String kernel, String initrd, String cmdline) {

    private static final Pattern ARCH = Pattern.compile("[a-z0-9_]+");
    private static final Pattern MACHINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** An {@code hvm} guest with all defaults. */
    public static final OsDef DEFAULT = new OsDef(null, null, List.of(), null, null, null, null, null, null);

    /** Validates the values. */
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
        Checks.noControl(cmdline, "The kernel command line");
        if (kernel == null && (initrd != null || cmdline != null)) {
            throw new ConfException(Kind.CONFLICT,
                    "An <initrd> or <cmdline> needs a <kernel> to go with it.");
        }
        if (nvram != null && (loader == null || loader.type() != Loader.Type.PFLASH)) {
            throw new ConfException(Kind.CONFLICT, "An <nvram> store needs a <loader type='pflash'>.");
        }
    }

    /**
     * Returns a copy with another machine type.
     *
     * @param newMachine the machine type
     * @return the copy
     */
    public OsDef withMachine(String newMachine) {
        return new OsDef(arch, newMachine, boot, bootMenu, loader, nvram, kernel, initrd, cmdline);
    }

    /**
     * Returns a copy with another boot device list.
     *
     * @param newBoot the {@code <boot dev>} list
     * @return the copy
     */
    public OsDef withBoot(List<BootDevice> newBoot) {
        return new OsDef(arch, machine, newBoot, bootMenu, loader, nvram, kernel, initrd, cmdline);
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
     * The {@code <loader>} element.
     *
     * @param path the firmware image path
     * @param readonly whether the image is read-only, or null
     * @param type how the image is mapped, or null for ROM
     * @param secure whether Secure Boot is required, or null
     */
    public record Loader(String path, Boolean readonly, Type type, Boolean secure) {
        /** Validates the path. */
        public Loader {
            Checks.required(path, "The loader path");
            Checks.path(path, "The loader path");
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
     * @param path the per-guest variable store
     * @param template the pristine store it is copied from, or null
     */
    public record Nvram(String path, String template) {
        /** Validates the paths. */
        public Nvram {
            Checks.required(path, "The NVRAM path");
            Checks.path(path, "The NVRAM path");
            Checks.path(template, "The NVRAM template path");
        }
    }
}
