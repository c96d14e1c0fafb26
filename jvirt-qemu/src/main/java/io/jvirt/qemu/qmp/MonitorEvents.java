package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

/** Decodes QMP events into {@link MonitorEvent}s: the one place that reads their JSON. */
public final class MonitorEvents {
    private MonitorEvents() {
    }

    /**
     * The typed form of one QMP event.
     *
     * @param ev the event as the QMP client read it
     * @return its typed value; {@link MonitorEvent.Other} for events nothing acts on
     */
    public static MonitorEvent decode(QmpEvent ev) {
        JsonNode d = ev.data();
        return switch (ev.name()) {
            case "STOP" -> new MonitorEvent.Stop(ev.timestamp());
            case "RESUME" -> new MonitorEvent.Resume(ev.timestamp());
            case "SHUTDOWN" -> new MonitorEvent.Shutdown(d.path("guest").asBoolean(false),
                    ShutdownCause.of(d.path("reason").asText(null)), ev.timestamp());
            case "RESET" -> new MonitorEvent.Reset(d.path("guest").asBoolean(false),
                    ShutdownCause.of(d.path("reason").asText(null)), ev.timestamp());
            case "JOB_STATUS_CHANGE" -> new MonitorEvent.JobStatusChange(d.path("id").asText(""),
                    JobStatus.of(d.path("status").asText("")), ev.timestamp());
            case "BLOCK_JOB_COMPLETED" -> blockJob(MonitorEvent.BlockJobEvent.COMPLETED, ev);
            case "BLOCK_JOB_CANCELLED" -> blockJob(MonitorEvent.BlockJobEvent.CANCELLED, ev);
            case "BLOCK_JOB_READY" -> blockJob(MonitorEvent.BlockJobEvent.READY, ev);
            case "BLOCK_JOB_ERROR" -> new MonitorEvent.BlockJob(MonitorEvent.BlockJobEvent.ERROR,
                    d.path("device").asText(""), 0, 0, d.path("operation").asText("") + " error", ev.timestamp());
            case "DEVICE_DELETED" -> new MonitorEvent.DeviceDeleted(text(d, "device"), d.path("path").asText(""),
                    ev.timestamp());
            case "DEVICE_UNPLUG_GUEST_ERROR" -> new MonitorEvent.UnplugRefused(text(d, "device"),
                    d.path("path").asText(""), ev.timestamp());
            case "BALLOON_CHANGE" -> new MonitorEvent.BalloonChange(d.path("actual").asLong(), ev.timestamp());
            case "DEVICE_TRAY_MOVED" -> new MonitorEvent.TrayMoved(d.has("id") ? d.path("id").asText()
                    : text(d, "device"), d.path("tray-open").asBoolean(), ev.timestamp());
            case "VSERPORT_CHANGE" -> new MonitorEvent.SerialPortChange(d.path("id").asText(""),
                    d.path("open").asBoolean(), ev.timestamp());
            case "RTC_CHANGE" -> new MonitorEvent.RtcChange(d.path("offset").asLong(0), ev.timestamp());
            case "WATCHDOG" -> new MonitorEvent.Watchdog(d.path("action").asText(""), ev.timestamp());
            case "BLOCK_IO_ERROR" -> new MonitorEvent.IoError(text(d, "node-name"), d.path("operation").asText(""),
                    d.path("action").asText(""), d.path("nospace").asBoolean(false), d.path("reason").asText(""),
                    ev.timestamp());
            case "SUSPEND" -> new MonitorEvent.PowerManagement(MonitorEvent.PmChange.SUSPEND, ev.timestamp());
            case "SUSPEND_DISK" -> new MonitorEvent.PowerManagement(MonitorEvent.PmChange.SUSPEND_DISK,
                    ev.timestamp());
            case "WAKEUP" -> new MonitorEvent.PowerManagement(MonitorEvent.PmChange.WAKEUP, ev.timestamp());
            default -> new MonitorEvent.Other(ev.name(), ev.timestamp());
        };
    }

    /**
     * The event as text for a user: its data as compact JSON, null when QEMU sent none.
     *
     * @param ev the event as the QMP client read it
     * @return the text form
     */
    public static RawMonitorEvent raw(QmpEvent ev) {
        String data = ev.data().isEmpty() && ev.data().isObject() ? null : ev.data().toString();
        return new RawMonitorEvent(ev.name(), data, ev.timestamp());
    }

    /** A text field, or null when it is absent, null or empty. */
    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static MonitorEvent blockJob(MonitorEvent.BlockJobEvent kind, QmpEvent ev) {
        JsonNode d = ev.data();
        return new MonitorEvent.BlockJob(kind, d.path("device").asText(""), d.path("offset").asLong(0),
                d.path("len").asLong(0), d.hasNonNull("error") ? d.get("error").asText() : null, ev.timestamp());
    }
}
