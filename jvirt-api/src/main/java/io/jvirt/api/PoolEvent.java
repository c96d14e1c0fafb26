package io.jvirt.api;

/**
 * A storage pool lifecycle event, as sent on {@code GET /v1/events/pools}.
 *
 * @param event libvirt's pool lifecycle word: defined, undefined, started, stopped, created
 *              (built), deleted
 * @param timestampMillis milliseconds since the epoch
 */
public record PoolEvent(String pool, String uuid, String event, long timestampMillis) implements LifecycleEvent {
}
