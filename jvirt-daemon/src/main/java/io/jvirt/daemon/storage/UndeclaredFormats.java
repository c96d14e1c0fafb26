package io.jvirt.daemon.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.daemon.DaemonException;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Refuses to start a domain whose file disk declares no format while the file carries another
 * format's signature. Like libvirt, jvirt never probes a disk's format: a disk without
 * {@code <driver type>} is raw. QEMU would then show the guest the image's metadata as disk
 * bytes and let it overwrite them, so such a disk is refused with a sentence naming the format
 * to declare; a disk that declares {@code type='raw'} is taken at its word.
 */
final class UndeclaredFormats {

    private UndeclaredFormats() {
    }

    /**
     * Checks the file disks of a starting domain.
     *
     * @param domain the domain, for the message
     * @param disks its disks, volume disks already resolved to a file and format
     * @param probe detects a file's format by its signature
     * @throws DaemonException naming every disk at fault at once
     */
    static void check(String domain, List<DiskDef> disks, Function<Path, ImageFormat> probe) {
        List<String> faults = new ArrayList<>();
        for (DiskDef d : disks) {
            if (d.localPath() == null || d.format() != null) {
                continue;
            }
            Path file = Path.of(d.localPath());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            ImageFormat found;
            try {
                found = probe.apply(file);
            } catch (ImageException e) {
                continue;
            }
            if (found != ImageFormat.RAW) {
                faults.add(fault(d, file, found));
            }
        }
        if (!faults.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, "domain '" + domain + "' cannot start: "
                    + String.join("; ", faults) + ".");
        }
    }

    /** The default check, with the image engine's probe. */
    static void check(String domain, List<DiskDef> disks) {
        check(domain, disks, Images::probe);
    }

    private static String fault(DiskDef d, Path file, ImageFormat found) {
        String what = "its disk " + d.target().dev() + " declares no format, so QEMU would open " + file
                + " as raw although it is a " + found.description() + " image";
        DiskFormat declare = null;
        for (DiskFormat f : DiskFormat.values()) {
            if (f.xml().equals(found.qemuName())) {
                declare = f;
            }
        }
        for (DiskFormat f : DiskFormat.values()) {
            if (declare == null && found.qemuName().equals(f.qemuDriver())) {
                declare = f;
            }
        }
        if (declare != null) {
            return what + "; declare <driver name='qemu' type='" + declare.xml() + "'/> (or type='raw' if the guest"
                    + " is to see the file's bytes as they are)";
        }
        return what + ", which jvirt does not run; convert it to qcow2 or raw first (or declare type='raw' if the"
                + " guest is to see the file's bytes as they are)";
    }
}
