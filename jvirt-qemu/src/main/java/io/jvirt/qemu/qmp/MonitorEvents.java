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
            default -> new MonitorEvent.Other(ev.name(), ev.timestamp());
        };
    }

    private static MonitorEvent blockJob(MonitorEvent.BlockJobEvent kind, QmpEvent ev) {
        JsonNode d = ev.data();
        return new MonitorEvent.BlockJob(kind, d.path("device").asText(""), d.path("offset").asLong(0),
                d.path("len").asLong(0), d.hasNonNull("error") ? d.get("error").asText() : null, ev.timestamp());
    }
}
