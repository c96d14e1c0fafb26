package io.jvirt.daemon.job;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * A test seam: called each time a job has durably recorded a new phase. The daemon's hook
 * ({@link #fromEnvironment}) does nothing unless {@code JVIRT_TEST_CRASH_AT=OPERATION:PHASE}
 * is set (say {@code SNAPSHOT:overlays-attached}); then it ends the daemon on the spot, as
 * {@code kill -9} would (no shutdown hooks, no finally blocks), so that crash recovery can be
 * tested at every phase with the real daemon and QEMU.
 */
@FunctionalInterface
public interface FaultHook {
    /** Hooks nothing. */
    FaultHook NONE = (op, phase) -> { };

    /** Called after a job recorded {@code phase}, before the step runs. */
    void reached(JobOperation operation, String phase);

    /** The hook {@code JVIRT_TEST_CRASH_AT} asks for, else {@link #NONE}. */
    static FaultHook fromEnvironment() {
        String at = System.getenv("JVIRT_TEST_CRASH_AT");
        if (at == null || at.isBlank()) {
            return NONE;
        }
        String want = at.strip().toUpperCase(Locale.ROOT);
        Logger.getLogger(FaultHook.class.getName()).warning("JVIRT_TEST_CRASH_AT=" + at
                + ": the daemon will stop dead when a job reaches that phase (a test setting).");
        return (op, phase) -> {
            if ((op.name() + ":" + phase).toUpperCase(Locale.ROOT).equals(want)) {
                Logger.getLogger(FaultHook.class.getName()).severe("JVIRT_TEST_CRASH_AT reached: " + at);
                Runtime.getRuntime().halt(137);
            }
        };
    }
}
