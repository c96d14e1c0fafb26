package io.jvirt.qemu.qmp;

import java.util.Locale;

/**
 * Why QEMU reported a SHUTDOWN or RESET: QEMU 7.2's {@code ShutdownCause}, as the reason of its
 * events. A word this QEMU does not have (a newer QEMU's) is {@link #UNKNOWN}.
 */
public enum ShutdownCause {
    /** No shutdown was requested. */
    NONE,
    /** An error stops the guest. */
    HOST_ERROR,
    /** The QMP command {@code quit}. */
    HOST_QMP_QUIT,
    /** The QMP command {@code system_reset}. */
    HOST_QMP_SYSTEM_RESET,
    /** A signal to QEMU (SIGTERM from {@code destroy}). */
    HOST_SIGNAL,
    /** QEMU's own user interface (its window closed). */
    HOST_UI,
    /** The guest powered off (ACPI, {@code poweroff}). */
    GUEST_SHUTDOWN,
    /** The guest reset itself (a reboot). */
    GUEST_RESET,
    /** The guest panicked. */
    GUEST_PANIC,
    /** A part of the machine was reset. */
    SUBSYSTEM_RESET,
    /** {@code snapshot-load} (or {@code loadvm}) reset the machine before loading the VM state. */
    SNAPSHOT_LOAD,
    /** A reason this QEMU does not define. */
    UNKNOWN;

    /**
     * The cause for QEMU's word, such as {@code guest-reset}.
     *
     * @param word QEMU's word, or null
     * @return the cause; {@link #NONE} for null, {@link #UNKNOWN} for a word QEMU 7.2 lacks
     */
    public static ShutdownCause of(String word) {
        if (word == null) {
            return NONE;
        }
        for (ShutdownCause c : values()) {
            if (c != UNKNOWN && c.word().equals(word)) {
                return c;
            }
        }
        return UNKNOWN;
    }

    /** QEMU's word for this cause. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
