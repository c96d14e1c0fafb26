package io.jvirt.cli.blockjob;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.client.JvirtClient;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * virsh's wait for a block job ({@code --wait}, {@code --verbose}, {@code --timeout}): asks
 * for the job's state every 100 ms (a local REST call costs well under a millisecond of the
 * daemon's time; a half-second poll added up to half a second to each job's end), prints its progress line to standard error with
 * {@code --verbose} ({@code Block commit: [ 45 %]}), aborts it when the timeout passes or on
 * Ctrl-C ({@link CtrlC}), and tells how it ended: completed, ready (a copy or active commit in step), canceled or failed.
 */
final class BlockJobWait {
    /** How the wait ended. */
    enum End {
        COMPLETED, READY, CANCELED, FAILED
    }

    private static final long POLL_MILLIS = 100;

    private BlockJobWait() {
    }

    /**
     * Waits for the job on {@code disk}.
     *
     * @param label the progress line's name ({@code Block commit}, {@code Block Pull}, {@code Block Copy})
     * @param timeoutSeconds abort the job after this long (0: never)
     * @param asyncAbort whether that abort returns at once
     */
    static End await(JvirtClient client, String domain, String disk, String label, boolean verbose,
                     long timeoutSeconds, boolean asyncAbort, PrintWriter err) throws InterruptedException {
        try (CtrlC ctrlC = CtrlC.catchInterrupts()) {
            return await(client, domain, disk, label, verbose, timeoutSeconds, asyncAbort, err, ctrlC);
        }
    }

    /**
     * Waits for the job on {@code disk}, aborting it as virsh does once {@code interrupted}
     * says Ctrl-C was pressed (or the timeout passed).
     */
    static End await(JvirtClient client, String domain, String disk, String label, boolean verbose,
                     long timeoutSeconds, boolean asyncAbort, PrintWriter err, BooleanSupplier interrupted)
            throws InterruptedException {
        long start = System.nanoTime();
        long lastCur = -1;
        long lastEnd = -1;
        End end;
        while (true) {
            BlockJobInfo info = client.blockJobs().info(domain, disk);
            if (!info.active()) {
                end = info.result() == null || info.result().equals(BlockJobInfo.COMPLETED) ? End.COMPLETED
                        : info.result().equals(BlockJobInfo.CANCELED) ? End.CANCELED : End.FAILED;
                break;
            }
            if (info.ready()) {
                end = End.READY;
                break;
            }
            if (verbose && (info.cur() != lastCur || info.end() != lastEnd)) {
                progress(err, label, info.end() - info.cur(), info.end());
            }
            lastCur = info.cur();
            lastEnd = info.end();
            if (interrupted.getAsBoolean()
                    || timeoutSeconds > 0 && System.nanoTime() - start > timeoutSeconds * 1_000_000_000L) {
                client.blockJobs().abort(domain, disk, false, asyncAbort);
                end = End.CANCELED;
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        if (verbose && (end == End.COMPLETED || end == End.READY)) {
            progress(err, label, 0, 1);
        }
        return end;
    }

    /** virsh's progress line: {@code \rLabel: [ 45 %]}, never 100 % before the end. */
    static void progress(PrintWriter err, String label, long remaining, long total) {
        int percent;
        if (remaining == 0) {
            percent = 100;
        } else {
            percent = (int) (100.0 - remaining * 100.0 / total);
            if (percent >= 100) {
                percent = 99;
            }
        }
        err.print(String.format(Locale.ROOT, "\r%s: [%3d %%]", label, percent));
        err.flush();
    }

    /** A speed option in bytes per second: MiB/s unless {@code bytes}. */
    static long bandwidth(Long value, boolean bytes) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new IllegalArgumentException("Scaled numeric value '" + value + "' for <--bandwidth> option is "
                    + "malformed or out of range");
        }
        return bytes ? value : value << 20;
    }
}
