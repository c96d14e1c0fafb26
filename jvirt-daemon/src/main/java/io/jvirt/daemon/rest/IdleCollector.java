package io.jvirt.daemon.rest;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Gives memory back once the API goes quiet after a burst of requests. A burst (a thousand
 * defines, a big list) leaves the old generation full of garbage that the serial collector
 * would keep, resident, until the heap fills up; when no request has come for
 * {@link #QUIET_TICKS} seconds and the committed heap grew by more than {@link #GROWTH} since
 * the last collection, one full collection runs, and the JVM (with
 * {@code -XX:-ShrinkHeapInSteps}) hands the freed heap back to the kernel. Idle daemons and
 * steady light traffic never trigger it.
 */
public final class IdleCollector extends Handler.Wrapper {
    /** Committed-heap growth that makes a collection worth its pause. */
    static final long GROWTH = 4L << 20;
    /** Quiet seconds before collecting. */
    static final int QUIET_TICKS = 2;

    private final AtomicLong requests = new AtomicLong();
    private final LongSupplier committedHeap;
    private final Runnable collect;
    private long seen;
    private int quiet;
    private long baseline;
    private volatile Thread ticker;

    /** Wraps {@code handler}; call {@link #startTicking()} once the server runs. */
    public IdleCollector(Handler handler) {
        this(handler, () -> Runtime.getRuntime().totalMemory(), System::gc);
    }

    IdleCollector(Handler handler, LongSupplier committedHeap, Runnable collect) {
        super(handler);
        this.committedHeap = committedHeap;
        this.collect = collect;
        this.baseline = committedHeap.getAsLong();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        requests.incrementAndGet();
        return super.handle(request, response, callback);
    }

    /** Starts the once-a-second check on a virtual thread; {@link #stopTicking()} ends it. */
    public void startTicking() {
        ticker = Thread.ofVirtual().name("idle-collector").start(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                tick();
            }
        });
    }

    /** Ends the check (the daemon is closing). */
    public void stopTicking() {
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
        }
    }

    /** One check; returns true when it collected. */
    boolean tick() {
        long now = requests.get();
        if (now != seen) {
            seen = now;
            quiet = 0;
            return false;
        }
        if (++quiet < QUIET_TICKS || committedHeap.getAsLong() - baseline <= GROWTH) {
            return false;
        }
        collect.run();
        baseline = committedHeap.getAsLong();
        return true;
    }
}
