package io.jvirt.cli.img;

import io.jvirt.image.ops.Progress;
import java.io.PrintWriter;

/** Prints progress: a rewritten "(xx.xx/100%)" line on a terminal, whole percentages per line otherwise. */
final class ProgressPrinter implements Progress {

    private final PrintWriter out;
    private final boolean tty;
    private int lastWhole = -1;
    private double lastShown = -1;

    ProgressPrinter(PrintWriter out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    static Progress of(boolean enabled, PrintWriter out) {
        if (!enabled) {
            return Progress.NONE;
        }
        java.io.Console c = System.console();
        return new ProgressPrinter(out, c != null && c.isTerminal());
    }

    @Override
    public void update(double percent) {
        if (tty) {
            if (percent - lastShown >= 0.5 || percent >= 100 && lastShown < 100) {
                lastShown = percent;
                out.printf(java.util.Locale.ROOT, "    (%.2f/100%%)\r", percent);
                if (percent >= 100) {
                    out.println();
                }
                out.flush();
            }
            return;
        }
        int whole = (int) Math.floor(percent);
        if (whole > lastWhole) {
            lastWhole = whole;
            out.println(whole + "%");
            out.flush();
        }
    }
}
