package io.jvirt.api;

/**
 * A domain event, as sent on the event stream: a lifecycle event, or one of libvirt's other
 * domain events (reboot, device-added, device-removed, device-removal-failed, balloon-change).
 *
 * @param event  libvirt's lifecycle event word: defined, undefined, started, suspended, resumed, stopped, shutdown,
 *               crashed; or {@value #REBOOT}, libvirt's reboot event (the guest's machine was reset; no detail);
 *               or {@value #DEVICE_ADDED}, {@value #DEVICE_REMOVED}, {@value #DEVICE_REMOVAL_FAILED} (the detail is
 *               the device's alias, such as virtio-disk1), {@value #BALLOON_CHANGE} (the detail is the guest's
 *               memory in KiB), {@value #BLOCK_JOB} and {@value #BLOCK_JOB_2} (the detail is virsh's text),
 *               {@value #AGENT_LIFECYCLE} (the detail is connected or disconnected)
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

    /** True for libvirt's reboot event, false for a lifecycle event. */
    public boolean reboot() {
        return REBOOT.equals(event);
    }

    /** True for a lifecycle event (started, stopped, ...), false for the reboot, device and balloon events. */
    public boolean lifecycle() {
        return !reboot() && !DEVICE_ADDED.equals(event) && !DEVICE_REMOVED.equals(event)
                && !DEVICE_REMOVAL_FAILED.equals(event) && !BALLOON_CHANGE.equals(event) && !BLOCK_JOB.equals(event)
                && !BLOCK_JOB_2.equals(event) && !AGENT_LIFECYCLE.equals(event);
    }
}
