package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.FilesystemDef;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.LifecycleAction;
import io.jvirt.conf.domain.SysinfoDef;

import java.util.ArrayList;
import java.util.List;

/** What the daemon needs to know of a definition beyond the QEMU command line. */
final class DefFacts {
    private DefFacts() {
    }

    /**
     * A host file a domain needs.
     *
     * @param what what it is, for messages ("disk image")
     * @param path where it is
     * @param writable whether QEMU writes it
     * @param ifMissing what to do when it does not exist, as the end of a sentence
     */
    record HostFile(String what, String path, boolean writable, String ifMissing) {
        HostFile(String what, String path, boolean writable) {
            this(what, path, writable, "fix the path in its definition");
        }
    }

    static List<HostFile> hostFiles(DomainDef def) {
        List<HostFile> out = new ArrayList<>();
        if (def.os().kernel() != null) {
            out.add(new HostFile("kernel", def.os().kernel(), false));
        }
        if (def.os().initrd() != null) {
            out.add(new HostFile("initrd", def.os().initrd(), false));
        }
        if (def.os().dtb() != null) {
            out.add(new HostFile("device tree", def.os().dtb(), false));
        }
        if (def.os().loader() != null && def.os().loader().path() != null) {
            out.add(new HostFile("firmware", def.os().loader().path(), false,
                    "install the package that provides it (ovmf for UEFI) or fix the path in its definition"));
        }
        if (def.os().nvram() != null && def.os().nvram().path() != null) {
            out.add(new HostFile("UEFI variable store", def.os().nvram().path(), true,
                    "give <nvram> a template to create it from, or fix the path"));
        }
        if (def.os().acpiSlic() != null) {
            out.add(new HostFile("ACPI table", def.os().acpiSlic(), false));
        }
        for (SysinfoDef s : def.sysinfo()) {
            if (s instanceof SysinfoDef.FwCfg f) {
                f.entries().stream().filter(e -> e.file() != null)
                        .forEach(e -> out.add(new HostFile("fw_cfg file", e.file(), false)));
            }
        }
        for (DiskDef d : def.devices().disks()) {
            boolean top = true;
            for (StorageSource layer : d.layers()) {
                String path = layer.location().localPath();
                if (path != null) {
                    String what = top ? "disk image" : "backing image of disk " + d.target().dev();
                    if (layer.location() instanceof DiskSource.Dir) {
                        what = "shared directory of disk " + d.target().dev();
                    }
                    out.add(new HostFile(what, path, top && !d.effectivelyReadonly()));
                }
                top = false;
            }
        }
        for (FilesystemDef f : def.devices().filesystems()) {
            if (f.sourceDir() != null) {
                out.add(new HostFile("shared directory '" + f.targetDir() + "'", f.sourceDir(), false));
            }
        }
        return out;
    }

    static LifecycleAction onPoweroff(DomainDef def) {
        return def == null ? LifecycleAction.DESTROY : def.onPoweroff();
    }

    static LifecycleAction onCrash(DomainDef def) {
        return def == null ? LifecycleAction.DESTROY : def.onCrash();
    }

    static boolean isRestart(LifecycleAction a) {
        return switch (a) {
            case RESTART, RENAME_RESTART, COREDUMP_RESTART -> true;
            case DESTROY, PRESERVE, COREDUMP_DESTROY -> false;
        };
    }

    /** The {@code <log file>} of the first serial port or console, or null when QEMU's default log is used. */
    static String consoleLogFile(DomainDef def) {
        if (def == null) {
            return null;
        }
        io.jvirt.conf.domain.CharSource src = null;
        if (!def.devices().serials().isEmpty()) {
            src = def.devices().serials().getFirst().source();
        } else if (!def.devices().consoles().isEmpty()) {
            src = def.devices().consoles().getFirst().source();
        }
        return src == null || src.log() == null ? null : src.log().file();
    }
}
