package io.jvirt.api;

/** What every lifecycle event (domain, network, storage pool) carries: whose it is and when. */
public interface LifecycleEvent {
    /** The UUID of the object the event is about. */
    String uuid();

    /** When it happened, in milliseconds since the epoch. */
    long timestampMillis();
}
