package io.jvirt.qemu.qmp;

import java.util.List;
import java.util.Map;

/**
 * The monitor commands that change a running machine's devices (hotplug, removable media, block
 * limits and sizes, display passwords), typed: callers pass the properties a pure renderer
 * prepared ({@code io.jvirt.qemu.hotplug}) and never build QMP strings or read QMP JSON. Part of
 * {@link QemuMonitor}; every method may throw {@link QmpException}.
 */
public interface DeviceMonitor {

    /** Adds a guest device ({@code device_add}); {@code props} holds its driver, id, bus and properties. */
    void deviceAdd(Map<String, ?> props);

    /**
     * Asks for a guest device to be removed ({@code device_del}). For most devices the guest must
     * let go first: the removal is done when QEMU reports {@link MonitorEvent.DeviceDeleted}.
     */
    void deviceDel(String id);

    /** Adds a block node ({@code blockdev-add}). */
    void blockdevAdd(Map<String, Object> props);

    /** Removes a block node nothing uses any more ({@code blockdev-del}). */
    void blockdevDel(String nodeName);

    /** Adds a network back end ({@code netdev_add}). */
    void netdevAdd(Map<String, Object> props);

    /** Removes a network back end ({@code netdev_del}). */
    void netdevDel(String id);

    /** Adds a QOM object such as a secret ({@code object-add}). */
    void objectAdd(Map<String, Object> props);

    /** Removes a QOM object ({@code object-del}). */
    void objectDel(String id);

    /**
     * Opens a removable drive's tray ({@code blockdev-open-tray}); with {@code force} even when
     * the guest has locked it.
     */
    void openTray(String deviceId, boolean force);

    /** Closes a removable drive's tray ({@code blockdev-close-tray}). */
    void closeTray(String deviceId);

    /** Takes the medium out of an open drive ({@code blockdev-remove-medium}). */
    void removeMedium(String deviceId);

    /** Puts a block node into an open, empty drive ({@code blockdev-insert-medium}). */
    void insertMedium(String deviceId, String nodeName);

    /** Grows or shrinks the image under a block node ({@code block_resize}), in bytes. */
    void blockResize(String nodeName, long bytes);

    /** Sets a drive's I/O limits ({@code block_set_io_throttle}); zero limits turn throttling off. */
    void setIoThrottle(String deviceId, IoThrottle limits);

    /**
     * A drive's tray, medium and I/O limits ({@code query-block}).
     *
     * @throws QmpException of kind COMMAND_FAILED with error class DeviceNotFound when there is no such drive
     */
    DriveState queryDrive(String deviceId);

    /**
     * The ids of the devices QEMU has that the user named ({@code qom-list} of
     * {@code /machine/peripheral}): how a device whose removal finished unseen is found gone.
     */
    List<String> peripheralIds();

    /**
     * Sets a display's password ({@code set_password}).
     *
     * @param protocol vnc or spice
     * @param password the new password
     * @param connected what happens to connected clients (spice: keep, disconnect, fail); null for QEMU's default
     */
    void setPassword(String protocol, String password, String connected);

    /**
     * Sets when a display's password expires ({@code expire_password}).
     *
     * @param protocol vnc or spice
     * @param time {@code now}, {@code never}, {@code +SECONDS} or seconds since the epoch
     */
    void expirePassword(String protocol, String time);
}
