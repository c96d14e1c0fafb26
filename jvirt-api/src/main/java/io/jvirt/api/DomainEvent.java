package io.jvirt.api;

/**
 * A lifecycle event, as sent on the event stream.
 *
 * @param event  libvirt's lifecycle event word: defined, undefined, started, suspended, resumed, stopped, shutdown, crashed
 * @param detail libvirt's detail word (e.g. booted, destroyed, shutdown, failed)
 * @param timestampMillis milliseconds since the epoch
 */
public record DomainEvent(String domain, String uuid, String event, String detail, long timestampMillis)
        implements LifecycleEvent {
}
