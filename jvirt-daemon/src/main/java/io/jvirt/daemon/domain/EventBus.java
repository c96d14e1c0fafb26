package io.jvirt.daemon.domain;

import io.jvirt.api.DomainEvent;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Lifecycle events to their subscribers (the REST event stream). Publishing never blocks
 * on a subscriber: each subscriber queues what it gets on its own thread.
 */
public final class EventBus {
    private final CopyOnWriteArrayList<Consumer<DomainEvent>> subscribers = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(Consumer<DomainEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void publish(DomainObj dom, String event, String detail) {
        DomainEvent e = new DomainEvent(dom.name(), dom.uuid().toString(), event, detail, System.currentTimeMillis());
        for (Consumer<DomainEvent> s : subscribers) {
            s.accept(e);
        }
    }
}
