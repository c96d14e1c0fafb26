package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.FilesystemDef;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.LifecycleAction;

import java.util.ArrayList;
import java.util.List;

/** What the daemon needs to know of a definition beyond the QEMU command line. */
final class DefFacts {
    private DefFacts() {
    }

    /** A host file a domain needs. */
    record HostFile(String what, String path, boolean writable) { }

    static List<HostFile> hostFiles(DomainDef def) {
        List<HostFile> out = new ArrayList<>();
        if (def.os().kernel() != null) {
            out.add(new HostFile("kernel", def.os().kernel(), false));
        }
        if (def.os().initrd() != null) {
            out.add(new HostFile("initrd", def.os().initrd(), false));
        }
        if (def.os().loader() != null && def.os().loader().path() != null) {
            out.add(new HostFile("firmware", def.os().loader().path(), false));
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
        return def == null || def.onPoweroff() == null ? LifecycleAction.DESTROY : def.onPoweroff();
    }

    static LifecycleAction onCrash(DomainDef def) {
        return def == null || def.onCrash() == null ? LifecycleAction.DESTROY : def.onCrash();
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
