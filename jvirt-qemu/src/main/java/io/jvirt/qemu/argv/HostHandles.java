package io.jvirt.qemu.argv;

import java.util.Map;

/**
 * What the daemon opened or found on the host for one start that the command line refers to:
 * the descriptors QEMU inherits for macvtap interfaces (QEMU cannot open a macvtap by name), and
 * the {@code /dev/sg} node of each SCSI host device.
 *
 * @param tapFds for each interface (by its position among the interfaces), the descriptor number
 *     QEMU gets its tap on
 * @param scsiGeneric for each SCSI host LUN (by its sysfs name, {@code 0:0:0:1}), its generic device
 */
public record HostHandles(Map<Integer, Integer> tapFds, Map<String, String> scsiGeneric) {

    /** Nothing opened or found. */
    public static final HostHandles NONE = new HostHandles(Map.of(), Map.of());

    /** Copies the maps. */
    public HostHandles {
        tapFds = Map.copyOf(tapFds);
        scsiGeneric = Map.copyOf(scsiGeneric);
    }
}
