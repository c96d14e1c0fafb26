package io.jvirt.qemu.qmp;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs callbacks (event deliveries, then the close callback) in submission order on one
 * virtual thread, so that a listener may block or call back into the client without
 * stalling the socket reader.
 */
final class EventDispatcher {
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    private static final Runnable END = () -> { };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    EventDispatcher(String threadName) {
        Thread.ofVirtual().name(threadName).start(this::run);
    }

    /** Queues a callback; callbacks submitted after {@link #finish()} are dropped. */
    void submit(Runnable callback) {
        queue.add(callback);
    }

    /** Lets the thread end once every callback queued so far has run. */
    void finish() {
        queue.add(END);
    }

    private void run() {
        while (true) {
            Runnable next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == END) {
                return;
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A QMP event or close callback failed; continuing.", e);
            }
        }
    }
}
