package io.jvirt.qemu.qmp;

/**
 * How far a detached {@code dump-guest-memory} is ({@code query-dump}).
 *
 * @param status QEMU's word: {@code none}, {@code active}, {@code completed} or {@code failed}
 * @param completed bytes of guest memory written
 * @param total bytes to write in all
 */
public record DumpProgress(String status, long completed, long total) {
    /** Whether the dump has ended, well or not. */
    public boolean ended() {
        return status.equals("completed") || status.equals("failed");
    }

    /** Whether it ended with an error. */
    public boolean failed() {
        return status.equals("failed");
    }
}
