package io.jvirt.storage.internal;

import io.jvirt.conf.storage.FsFormat;
import java.util.ArrayList;
import java.util.List;

/** Pure builders of the argument arrays of the fs pool's commands; {@link Commands} runs them. */
public final class FsCommands {

    /** Mount options of pool file systems, as libvirt uses them: no devices, no set-uid, no programs. */
    public static final String MOUNT_OPTIONS = "nodev,nosuid,noexec";

    private FsCommands() {
    }

    /**
     * Makes a file system. The caller has already decided that overwriting is fine, so the
     * tools are told not to ask.
     *
     * @param format ext4, xfs or btrfs (not auto)
     * @param device the device
     * @return the argv
     */
    public static List<String> mkfs(FsFormat format, String device) {
        return switch (format) {
            case EXT4 -> List.of("mkfs.ext4", "-q", "-F", device);
            case XFS -> List.of("mkfs.xfs", "-q", "-f", device);
            case BTRFS -> List.of("mkfs.btrfs", "-q", "-f", device);
            case AUTO -> throw new IllegalArgumentException("auto is not a file system to make");
        };
    }

    /**
     * Probes a device for any known signature (file system, RAID member, partition table).
     * blkid exits 0 when it finds one and 2 when it finds none.
     *
     * @param device the device
     * @return the argv
     */
    public static List<String> probe(String device) {
        return List.of("blkid", "-p", "-o", "value", "-s", "TYPE", device);
    }

    /**
     * Mounts a device on a directory.
     *
     * @param format the file system, or auto to let mount detect it
     * @param device the device
     * @param target the directory
     * @return the argv
     */
    public static List<String> mount(FsFormat format, String device, String target) {
        List<String> argv = new ArrayList<>(List.of("mount"));
        switch (format) {
            case AUTO -> { }
            case EXT4, XFS, BTRFS -> argv.addAll(List.of("-t", format.xml()));
        }
        argv.addAll(List.of("-o", MOUNT_OPTIONS, device, target));
        return List.copyOf(argv);
    }

    /**
     * Unmounts a directory.
     *
     * @param target the directory
     * @return the argv
     */
    public static List<String> umount(String target) {
        return List.of("umount", target);
    }
}
