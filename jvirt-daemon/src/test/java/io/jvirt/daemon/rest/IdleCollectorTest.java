package io.jvirt.daemon.rest;

import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class IdleCollectorTest {
    private final AtomicLong heap = new AtomicLong(10L << 20);
    private final AtomicInteger collections = new AtomicInteger();
    private final IdleCollector c = new IdleCollector(new Handler.Abstract() {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              org.eclipse.jetty.util.Callback callback) {
            return false;
        }
    }, heap::get, () -> {
        collections.incrementAndGet();
        heap.set(11L << 20);
    });

    private void request() throws Exception {
        c.handle(null, null, null);
    }

    @Test
    void collectsOnceAfterABurstThatGrewTheHeap() throws Exception {
        request();
        heap.set(30L << 20);
        assertThat(c.tick()).isFalse(); // requests came in during this second
        assertThat(c.tick()).isFalse(); // one quiet second
        assertThat(c.tick()).isTrue();  // two: collect
        assertThat(collections).hasValue(1);
        assertThat(c.tick()).isFalse(); // the heap shrank back: nothing more to do
        assertThat(c.tick()).isFalse();
        assertThat(collections).hasValue(1);
    }

    @Test
    void neverCollectsWhileRequestsKeepComingOrTheHeapStaysSmall() throws Exception {
        heap.set(30L << 20);
        for (int i = 0; i < 10; i++) {
            request();
            assertThat(c.tick()).isFalse();
        }
        heap.set(12L << 20); // within the allowed growth
        for (int i = 0; i < 5; i++) {
            assertThat(c.tick()).isFalse();
        }
        assertThat(collections).hasValue(0);
    }
}
