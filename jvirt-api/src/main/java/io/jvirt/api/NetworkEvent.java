package io.jvirt.api;

/**
 * A network lifecycle event, as sent on {@code GET /v1/events/networks}.
 *
 * @param event libvirt's network lifecycle word: defined, undefined, started, stopped
 * @param timestampMillis milliseconds since the epoch
 */
public record NetworkEvent(String network, String uuid, String event, long timestampMillis) implements LifecycleEvent {
}
