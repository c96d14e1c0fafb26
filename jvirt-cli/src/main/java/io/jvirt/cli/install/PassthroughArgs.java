package io.jvirt.cli.install;

import java.util.List;

/**
 * The options of one {@code jvirt install} command line that hand host resources to the guest or
 * reach past libvirt's usual devices, as given (each value unparsed): shared directories, host
 * devices, SMBIOS data, memory backing and extra QEMU arguments. Part of {@link InstallArgs}.
 *
 * @param filesystems {@code --filesystem}
 * @param hostdevs {@code --hostdev}/{@code --host-device}
 * @param sysinfo {@code --sysinfo}
 * @param memoryBacking {@code --memorybacking}
 * @param qemuCommandline {@code --qemu-commandline}
 */
public record PassthroughArgs(List<String> filesystems, List<String> hostdevs, List<String> sysinfo,
                              List<String> memoryBacking, List<String> qemuCommandline) {

    /** None of these options. */
    public static final PassthroughArgs NONE = new PassthroughArgs(null, null, null, null, null);

    /** Replaces missing lists with empty ones. */
    public PassthroughArgs {
        filesystems = filesystems == null ? List.of() : List.copyOf(filesystems);
        hostdevs = hostdevs == null ? List.of() : List.copyOf(hostdevs);
        sysinfo = sysinfo == null ? List.of() : List.copyOf(sysinfo);
        memoryBacking = memoryBacking == null ? List.of() : List.copyOf(memoryBacking);
        qemuCommandline = qemuCommandline == null ? List.of() : List.copyOf(qemuCommandline);
    }
}
