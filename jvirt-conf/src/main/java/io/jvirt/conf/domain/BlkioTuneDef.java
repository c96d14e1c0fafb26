package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;

/**
 * The {@code <blkiotune>} element: the I/O weight of QEMU and per host block device weights
 * and throttles, applied through its cgroup ({@code io.weight}, {@code io.max}).
 *
 * @param weight the relative weight, 100 to 1000, or null
 * @param devices the per-device settings
 */
public record BlkioTuneDef(Integer weight, List<Device> devices) {

    /** Checks the weight and that no device is named twice. */
    public BlkioTuneDef {
        Checks.range(weight, 100, 1000, "The blkiotune weight");
        devices = Checks.list(devices);
        for (int i = 0; i < devices.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (devices.get(i).path().equals(devices.get(j).path())) {
                    throw new ConfException(Kind.DUPLICATE, "The blkiotune device '" + devices.get(i).path()
                            + "' is listed twice; merge its settings into one <device>.");
                }
            }
        }
    }

    /** Returns whether nothing is set. */
    public boolean isEmpty() {
        return weight == null && devices.isEmpty();
    }

    /**
     * A {@code <device>}: settings for one host block device; each value is null when not set.
     *
     * @param path the device node, such as {@code /dev/sda}
     * @param weight the relative weight, 100 to 1000
     * @param readIopsSec read operations per second
     * @param writeIopsSec write operations per second
     * @param readBytesSec read bytes per second
     * @param writeBytesSec write bytes per second
     */
    public record Device(String path, Integer weight, Long readIopsSec, Long writeIopsSec, Long readBytesSec,
                         Long writeBytesSec) {
        /** Checks the path and weight. */
        public Device {
            Checks.required(path, "The blkiotune device path");
            Checks.path(path, "The blkiotune device path");
            if (weight != null && weight != 0) {
                Checks.range(weight, 100, 1000, "The blkiotune device weight");
            }
        }
    }
}
