package io.jvirt.daemon.domain;

/**
 * libvirt's lifecycle events (virDomainEventType with its detail), one constant per pair the
 * daemon sends; the words are those of the event stream ({@code started}, {@code booted}).
 */
public enum DomainLifecycle {
    DEFINED_ADDED("defined", "added"),
    DEFINED_UPDATED("defined", "updated"),
    DEFINED_FROM_SNAPSHOT("defined", "snapshot"),
    UNDEFINED_REMOVED("undefined", "removed"),
    STARTED_BOOTED("started", "booted"),
    STARTED_FROM_SNAPSHOT("started", "snapshot"),
    STARTED_RESTORED("started", "restored"),
    STARTED_WAKEUP("started", "wakeup"),
    SUSPENDED_PAUSED("suspended", "paused"),
    SUSPENDED_FROM_SNAPSHOT("suspended", "snapshot"),
    SUSPENDED_RESTORED("suspended", "restored"),
    SUSPENDED_IOERROR("suspended", "ioerror"),
    PMSUSPENDED_MEMORY("pmsuspended", "memory"),
    PMSUSPENDED_DISK("pmsuspended", "disk"),
    RESUMED_UNPAUSED("resumed", "unpaused"),
    RESUMED_FROM_SNAPSHOT("resumed", "snapshot"),
    STOPPED_SHUTDOWN("stopped", "shutdown"),
    STOPPED_DESTROYED("stopped", "destroyed"),
    STOPPED_CRASHED("stopped", "crashed"),
    STOPPED_FAILED("stopped", "failed"),
    STOPPED_FROM_SNAPSHOT("stopped", "snapshot"),
    STOPPED_SAVED("stopped", "saved"),
    SHUTDOWN_GUEST("shutdown", "finished after guest request");

    private final String event;
    private final String detail;

    DomainLifecycle(String event, String detail) {
        this.event = event;
        this.detail = detail;
    }

    /** The event word, such as {@code started}. */
    public String event() {
        return event;
    }

    /** The detail word, such as {@code booted}. */
    public String detail() {
        return detail;
    }
}
