package io.jvirt.cli.storage;

import io.jvirt.client.TransferListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on standard error for vol-upload and vol-download, redrawn in place on a
 * terminal ({@code [#########           ]  45%  460.00 MiB of 1.00 GiB}); silent otherwise, so
 * scripts and logs get no control characters.
 */
final class ProgressBar implements TransferListener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private int lastPercent = -1;

    private ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar when standard error is a terminal and not {@code quiet}, else nothing. */
    static TransferListener of(PrintWriter err, String label, boolean quiet) {
        java.io.Console c = System.console();
        if (quiet || c == null || !c.isTerminal()) {
            return TransferListener.NONE;
        }
        return new ProgressBar(err, label);
    }

    @Override
    public void update(long done, long total) {
        int percent = total > 0 ? (int) Math.min(100, done * 100 / total) : 0;
        if (percent == lastPercent && done != total) {
            return;
        }
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%%  %s%s", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), percent, Sizes.pretty(done), total > 0 ? " of " + Sizes.pretty(total) : ""));
        if (total >= 0 && done >= total) {
            err.println();
        }
        err.flush();
    }
}
