package io.jvirt.daemon.domain;

import io.jvirt.api.DomainEvent;
import io.jvirt.daemon.Topic;

import java.util.function.Consumer;

/**
 * Domain lifecycle events to their subscribers (the REST event stream). Publishing never
 * blocks on a subscriber: each subscriber queues what it gets on its own thread.
 */
public final class EventBus {
    private final Topic<DomainEvent> topic = new Topic<>();

    public AutoCloseable subscribe(Consumer<DomainEvent> subscriber) {
        return topic.subscribe(subscriber);
    }

    void publish(DomainObj dom, String event, String detail) {
        publish(dom, event, detail, dom.name());
    }

    /** Publishes an event under another name than the domain's (the old name of a renamed domain). */
    void publish(DomainObj dom, String event, String detail, String name) {
        topic.publish(new DomainEvent(name, dom.uuid().toString(), event, detail, System.currentTimeMillis()));
    }

    void publish(DomainObj dom, DomainLifecycle event) {
        topic.publish(new DomainEvent(dom.name(), dom.uuid().toString(), event.event(), event.detail(),
                System.currentTimeMillis()));
    }

    /** libvirt's reboot event: the guest's machine was reset. */
    void publishReboot(DomainObj dom) {
        topic.publish(new DomainEvent(dom.name(), dom.uuid().toString(), DomainEvent.REBOOT, null,
                System.currentTimeMillis()));
    }
}
