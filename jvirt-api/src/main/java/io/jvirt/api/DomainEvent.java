package io.jvirt.api;

/**
 * A domain event, as sent on the event stream: a lifecycle event, or libvirt's reboot event.
 *
 * @param event  libvirt's lifecycle event word: defined, undefined, started, suspended, resumed, stopped, shutdown,
 *               crashed; or {@value #REBOOT}, libvirt's reboot event (the guest's machine was reset; no detail)
 * @param detail libvirt's detail words (e.g. booted, destroyed, shutdown, failed, finished after guest request),
 *               or null
 * @param timestampMillis milliseconds since the epoch
 */
public record DomainEvent(String domain, String uuid, String event, String detail, long timestampMillis)
        implements LifecycleEvent {
    /** The {@link #event} word of libvirt's reboot event, which is not a lifecycle event. */
    public static final String REBOOT = "reboot";

    /** True for libvirt's reboot event, false for a lifecycle event. */
    public boolean reboot() {
        return REBOOT.equals(event);
    }
}
