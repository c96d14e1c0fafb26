package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The QMP events the daemon acts on about devices and the balloon, decoded from a {@link QmpEvent}
 * into records so that no caller reads QMP JSON ({@link #of}).
 */
public sealed interface MonitorEvent {

    /**
     * A device is gone ({@code DEVICE_DELETED}): the guest let go of it, or it needed no guest.
     *
     * @param device the device's id, or null for a device without one
     * @param path its QOM path
     */
    record DeviceDeleted(String device, String path) implements MonitorEvent { }

    /**
     * The guest refused to let go of a device ({@code DEVICE_UNPLUG_GUEST_ERROR}).
     *
     * @param device the device's id, or null
     * @param path its QOM path
     */
    record UnplugRefused(String device, String path) implements MonitorEvent { }

    /**
     * The guest's memory changed through the balloon ({@code BALLOON_CHANGE}).
     *
     * @param actualBytes the guest's memory now
     */
    record BalloonChange(long actualBytes) implements MonitorEvent { }

    /**
     * A removable drive's tray opened or closed ({@code DEVICE_TRAY_MOVED}).
     *
     * @param id the drive's device id
     * @param open whether it is open now
     */
    record TrayMoved(String id, boolean open) implements MonitorEvent { }

    /**
     * Any other event, by name.
     *
     * @param name QEMU's event name
     */
    record Other(String name) implements MonitorEvent { }

    /** Decodes an event. */
    static MonitorEvent of(QmpEvent ev) {
        JsonNode d = ev.data();
        return switch (ev.name()) {
            case "DEVICE_DELETED" -> new DeviceDeleted(text(d, "device"), d.path("path").asText(""));
            case "DEVICE_UNPLUG_GUEST_ERROR" -> new UnplugRefused(text(d, "device"), d.path("path").asText(""));
            case "BALLOON_CHANGE" -> new BalloonChange(d.path("actual").asLong());
            case "DEVICE_TRAY_MOVED" -> new TrayMoved(d.has("id") ? d.path("id").asText() : text(d, "device"),
                    d.path("tray-open").asBoolean());
            default -> new Other(ev.name());
        };
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
