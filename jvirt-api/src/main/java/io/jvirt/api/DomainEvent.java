package io.jvirt.api;

import java.util.Set;

/**
 * A domain event, as sent on the event stream: a lifecycle event, or one of libvirt's other
 * domain events (reboot, device-added, device-removed, device-removal-failed, balloon-change).
 *
 * @param event  libvirt's lifecycle event word: defined, undefined, started, suspended, resumed, stopped, shutdown,
 *               crashed; or {@value #REBOOT}, libvirt's reboot event (the guest's machine was reset; no detail);
 *               or {@value #DEVICE_ADDED}, {@value #DEVICE_REMOVED}, {@value #DEVICE_REMOVAL_FAILED} (the detail is
 *               the device's alias, such as virtio-disk1), {@value #BALLOON_CHANGE} (the detail is the guest's
 *               memory in KiB), {@value #BLOCK_JOB} and {@value #BLOCK_JOB_2} (the detail is virsh's text),
 *               {@value #AGENT_LIFECYCLE} (the detail is connected or disconnected), and the guest's
 *               notices: {@value #TRAY_CHANGE}, {@value #RTC_CHANGE}, {@value #WATCHDOG}, {@value #IO_ERROR},
 *               {@value #IO_ERROR_REASON}, {@value #PM_SUSPEND}, {@value #PM_SUSPEND_DISK}, {@value #PM_WAKEUP}
 *               (see each constant for its detail)
 * @param detail libvirt's detail words (e.g. booted, destroyed, shutdown, failed, finished after guest request),
 *               the alias or memory size of the events above, or null
 * @param timestampMillis milliseconds since the epoch
 */
public record DomainEvent(String domain, String uuid, String event, String detail, long timestampMillis)
        implements LifecycleEvent {
    /** The {@link #event} word of libvirt's reboot event, which is not a lifecycle event. */
    public static final String REBOOT = "reboot";
    /** A device was hot-plugged into the running domain; the detail is its alias. */
    public static final String DEVICE_ADDED = "device-added";
    /** A device left the running domain (the guest let go of it); the detail is its alias. */
    public static final String DEVICE_REMOVED = "device-removed";
    /** The guest refused to let go of a device; the detail is its alias. */
    public static final String DEVICE_REMOVAL_FAILED = "device-removal-failed";
    /** The guest's memory changed through the balloon; the detail is the new size in KiB. */
    public static final String BALLOON_CHANGE = "balloon-change";
    /**
     * A block job ended or became ready; the detail is virsh's text after the colon, naming the
     * disk's image ({@code Block Commit for /var/lib/a.qcow2 completed}).
     */
    public static final String BLOCK_JOB = "block-job";
    /** The same as {@link #BLOCK_JOB}, naming the disk's target ({@code Block Commit for vda completed}). */
    public static final String BLOCK_JOB_2 = "block-job-2";
    /** The guest agent connected to or disconnected from its channel; the detail is connected or disconnected. */
    public static final String AGENT_LIFECYCLE = "agent-lifecycle";
    /** A removable drive's tray moved; the detail is the drive's alias, a colon and opened or closed. */
    public static final String TRAY_CHANGE = "tray-change";
    /** The guest set its real-time clock; the detail is the clock's offset from UTC in seconds. */
    public static final String RTC_CHANGE = "rtc-change";
    /** The guest's watchdog expired; the detail is what QEMU does: reset, poweroff, shutdown, pause, ... */
    public static final String WATCHDOG = "watchdog";
    /** A disk's I/O failed; the detail is virsh's text: {@code /var/lib/a.qcow2 (virtio-disk0) pause}. */
    public static final String IO_ERROR = "io-error";
    /** The same as {@link #IO_ERROR}, with the reason: {@code ... pause due to enospc}. */
    public static final String IO_ERROR_REASON = "io-error-reason";
    /** The guest suspended itself to RAM; no detail. */
    public static final String PM_SUSPEND = "pm-suspend";
    /** The guest suspended itself to disk (QEMU powers it off next); no detail. */
    public static final String PM_SUSPEND_DISK = "pm-suspend-disk";
    /** The guest woke up from a suspend to RAM; no detail. */
    public static final String PM_WAKEUP = "pm-wakeup";
    /** Every event that is not a lifecycle event. */
    private static final Set<String> NOT_LIFECYCLE = Set.of(REBOOT, DEVICE_ADDED, DEVICE_REMOVED,
            DEVICE_REMOVAL_FAILED, BALLOON_CHANGE, BLOCK_JOB, BLOCK_JOB_2, AGENT_LIFECYCLE, TRAY_CHANGE, RTC_CHANGE,
            WATCHDOG, IO_ERROR, IO_ERROR_REASON, PM_SUSPEND, PM_SUSPEND_DISK, PM_WAKEUP);

    /** True for a lifecycle event (started, stopped, ...), false for libvirt's other domain events. */
    public boolean lifecycle() {
        return !NOT_LIFECYCLE.contains(event);
    }
}
