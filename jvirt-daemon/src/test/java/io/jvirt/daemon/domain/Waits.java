package io.jvirt.daemon.domain;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting in tests for what the daemon does on its own threads (QEMU's events, background work). */
final class Waits {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Waits() {
    }

    /** Waits up to 10 s until {@code condition} holds; fails naming {@code what} otherwise. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        eventually(() -> what, condition);
    }

    /** The same, with a description made when it fails (it may show the state then). */
    static void eventually(Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what.get());
            }
            Thread.sleep(5);
        }
    }
}
