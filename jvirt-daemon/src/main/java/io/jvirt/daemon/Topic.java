package io.jvirt.daemon;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A publish/subscribe point for one kind of event. Publishing calls every subscriber on the
 * publisher's thread, so a subscriber must only hand the event on (the event stream puts it
 * in its client's bounded queue).
 */
public final class Topic<E> {
    private final CopyOnWriteArrayList<Consumer<E>> subscribers = new CopyOnWriteArrayList<>();

    /** Subscribes; closing the result unsubscribes. */
    public AutoCloseable subscribe(Consumer<E> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Hands {@code event} to every subscriber. */
    public void publish(E event) {
        for (Consumer<E> s : subscribers) {
            s.accept(event);
        }
    }
}
