package io.jvirt.qemu.qmp;

import java.util.Objects;

/**
 * A drive as {@code query-block} reports it.
 *
 * @param deviceId the id of the guest device it belongs to
 * @param trayOpen whether its tray is open (removable drives only)
 * @param node the block node inserted, or null for an empty drive
 * @param throttle its I/O limits; {@link IoThrottle#NONE} when it has none or is empty
 */
public record DriveState(String deviceId, boolean trayOpen, String node, IoThrottle throttle) {
    /** Checks the parts. */
    public DriveState {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(throttle, "throttle");
    }
}
