package io.jvirt.qemu.qmp;

import java.nio.file.Path;
import java.util.List;

/**
 * The monitor commands that look inside a running guest (statistics, screenshots, keys, the
 * user's own monitor commands), typed: callers never build QMP strings or read QMP JSON.
 * {@link QmpMonitor} implements them through {@link QmpInspect}. Every method may throw
 * {@link QmpException}.
 */
public interface InspectMonitor {
    /** The image formats {@code screendump} writes. */
    enum ScreenFormat {
        /** Portable network graphics (QEMU 7.1 and later). */
        PNG,
        /** Netpbm's portable pixmap, QEMU's original format. */
        PPM
    }

    /** The I/O counters of every block backend with a node ({@code query-blockstats}). */
    List<BlockIoStats> blockIoStats();

    /** The images behind every block device, with their sizes ({@code query-block}). */
    List<BlockImageSize> blockImageSizes();

    /** The balloon's size now, in bytes ({@code query-balloon}); null when the guest has no balloon. */
    Long balloonActualBytes();

    /**
     * The guest's memory statistics the balloon driver last reported ({@code qom-get} of
     * {@code guest-stats}); empty when the guest has none or never reported.
     *
     * @param balloonPath the balloon device's QOM path, such as {@code /machine/peripheral/balloon0}
     */
    BalloonGuestStats balloonGuestStats(String balloonPath);

    /**
     * Writes the display's picture to a file ({@code screendump}).
     *
     * @param file where QEMU writes it (QEMU opens the file itself)
     * @param device the display device's id, or null for the primary one
     * @param head the head of that device
     */
    void screendump(Path file, String device, int head, ScreenFormat format);

    /**
     * Presses keys together and releases them after {@code holdMs} ({@code send-key}).
     *
     * @param qnums QEMU's key numbers (XT scan codes, 0x80 for the 0xe0 prefix), see {@link KeyCodes}
     */
    void sendKey(List<Integer> qnums, int holdMs);

    /** Runs a human monitor command and returns what it printed ({@code human-monitor-command}). */
    String humanCommand(String commandLine);

    /**
     * Sends a QMP command the user wrote and returns QEMU's whole answer, errors included, as
     * QEMU wrote it ({@code qemu-monitor-command}).
     */
    String passthrough(String commandJson);
}
