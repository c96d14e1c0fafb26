package io.jvirt.qemu.qmp;

import java.time.Instant;

/**
 * QEMU's asynchronous events as typed values: what the daemon acts on, decoded once from QMP
 * by {@link MonitorEvents#decode}. Events nobody acts on yet arrive as {@link Other}, by name.
 */
public sealed interface MonitorEvent {
    /** When QEMU emitted the event. */
    Instant timestamp();

    /** The CPUs stopped ({@code STOP}). */
    record Stop(Instant timestamp) implements MonitorEvent { }

    /** The CPUs run again ({@code RESUME}). */
    record Resume(Instant timestamp) implements MonitorEvent { }

    /**
     * The machine shut down ({@code SHUTDOWN}); with {@code -no-shutdown} QEMU then waits.
     *
     * @param guest whether the guest asked for it
     * @param cause why
     */
    record Shutdown(boolean guest, ShutdownCause cause, Instant timestamp) implements MonitorEvent { }

    /**
     * The machine was reset ({@code RESET}).
     *
     * @param guest whether the guest asked for it
     * @param cause why (a {@code snapshot-load} resets the machine before it loads the state)
     */
    record Reset(boolean guest, ShutdownCause cause, Instant timestamp) implements MonitorEvent { }

    /**
     * A background job changed status ({@code JOB_STATUS_CHANGE}).
     *
     * @param id the job's id
     * @param status its new status
     */
    record JobStatusChange(String id, JobStatus status, Instant timestamp) implements MonitorEvent { }

    /**
     * A block job reached a point its owner may act on ({@code BLOCK_JOB_COMPLETED},
     * {@code BLOCK_JOB_CANCELLED}, {@code BLOCK_JOB_READY}, {@code BLOCK_JOB_ERROR}).
     *
     * @param kind which of them
     * @param device the job id (QEMU names it "device" for block jobs)
     * @param offset progress so far, bytes (0 for an error)
     * @param length the job's total, bytes (0 for an error)
     * @param error QEMU's message for a failed completion, else null
     */
    record BlockJob(BlockJobEvent kind, String device, long offset, long length, String error, Instant timestamp)
            implements MonitorEvent { }

    /**
     * A device is gone ({@code DEVICE_DELETED}): the guest let go of it, or it needed no guest.
     *
     * @param device the device's id, or null for a device without one
     * @param path its QOM path
     */
    record DeviceDeleted(String device, String path, Instant timestamp) implements MonitorEvent { }

    /**
     * The guest refused to let go of a device ({@code DEVICE_UNPLUG_GUEST_ERROR}).
     *
     * @param device the device's id, or null
     * @param path its QOM path
     */
    record UnplugRefused(String device, String path, Instant timestamp) implements MonitorEvent { }

    /**
     * The guest's memory changed through the balloon ({@code BALLOON_CHANGE}).
     *
     * @param actualBytes the guest's memory now
     */
    record BalloonChange(long actualBytes, Instant timestamp) implements MonitorEvent { }

    /**
     * A removable drive's tray opened or closed ({@code DEVICE_TRAY_MOVED}).
     *
     * @param id the drive's device id
     * @param open whether it is open now
     */
    record TrayMoved(String id, boolean open, Instant timestamp) implements MonitorEvent { }

    /**
     * The guest opened or closed a virtio-serial port ({@code VSERPORT_CHANGE}): a program such
     * as the guest agent started or stopped using the channel.
     *
     * @param id the port's device id
     * @param open whether the guest has it open now
     */
    record SerialPortChange(String id, boolean open, Instant timestamp) implements MonitorEvent { }

    /**
     * The guest set its real-time clock ({@code RTC_CHANGE}).
     *
     * @param offsetSeconds the clock's new offset from the host's UTC time, in seconds
     */
    record RtcChange(long offsetSeconds, Instant timestamp) implements MonitorEvent { }

    /**
     * The guest's watchdog expired ({@code WATCHDOG}).
     *
     * @param action what QEMU does about it: reset, shutdown, poweroff, pause, debug, none or inject-nmi
     */
    record Watchdog(String action, Instant timestamp) implements MonitorEvent { }

    /**
     * A disk's read or write failed ({@code BLOCK_IO_ERROR}).
     *
     * @param nodeName the block node the device uses, or null
     * @param operation read or write
     * @param action what QEMU did: ignore, report or stop (the guest is paused)
     * @param noSpace whether the image's file system is full
     * @param reason QEMU's words for the error
     */
    record IoError(String nodeName, String operation, String action, boolean noSpace, String reason,
                   Instant timestamp) implements MonitorEvent { }

    /**
     * The guest changed its power-management state: suspended to RAM ({@code SUSPEND}), to
     * disk ({@code SUSPEND_DISK}), or woke up ({@code WAKEUP}).
     *
     * @param change which
     */
    record PowerManagement(PmChange change, Instant timestamp) implements MonitorEvent { }

    /** The power-management changes of {@link PowerManagement}. */
    enum PmChange { SUSPEND, SUSPEND_DISK, WAKEUP }

    /**
     * Any other event, named as QEMU names it.
     *
     * @param name the event name
     */
    record Other(String name, Instant timestamp) implements MonitorEvent { }

    /** The block job events. */
    enum BlockJobEvent {
        /** The job ended (with {@code error} when it failed). */
        COMPLETED,
        /** The job was cancelled. */
        CANCELLED,
        /** A mirror-like job is ready to be completed. */
        READY,
        /** An I/O error paused or ended the job. */
        ERROR
    }
}
