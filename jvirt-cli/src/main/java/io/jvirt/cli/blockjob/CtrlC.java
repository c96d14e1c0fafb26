package io.jvirt.cli.blockjob;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Ctrl-C (SIGINT) while a block job verb waits, as virsh's virshBlockJobWait catches it: while
 * this is open a SIGINT only sets a mark, which the wait reads to abort the job and say so
 * ("Commit aborted"); closing it puts the previous handler back (the JVM's, which exits). In a
 * JVM that does not let the program handle SIGINT ({@code -Xrs}) Ctrl-C keeps its usual effect.
 */
final class CtrlC implements AutoCloseable, BooleanSupplier {
    private static final Signal INT = new Signal("INT");

    private final AtomicBoolean caught = new AtomicBoolean();
    private final SignalHandler previous;

    private CtrlC() {
        SignalHandler before;
        try {
            before = Signal.handle(INT, s -> caught.set(true));
        } catch (IllegalArgumentException reserved) {
            before = null;
        }
        this.previous = before;
    }

    /** Catches SIGINT until {@link #close}. */
    static CtrlC catchInterrupts() {
        return new CtrlC();
    }

    /** Whether Ctrl-C was pressed since this was opened. */
    @Override
    public boolean getAsBoolean() {
        return caught.get();
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
