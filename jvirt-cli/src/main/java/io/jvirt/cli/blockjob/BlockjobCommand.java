package io.jvirt.cli.blockjob;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.util.Locale;

/**
 * {@code jvirt blockjob DOMAIN PATH [--info] [--raw] [--bytes] | --abort [--async] [--pivot] |
 * --pivot | --bandwidth N}: shows, ends, pivots or throttles a disk's block job, as virsh does.
 * The progress of {@code --info} goes to standard error as virsh prints it
 * ({@code Block Commit: [ 45 %]}), the bandwidth limit to standard output.
 */
public final class BlockjobCommand extends ClientVerb {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> path = parameter("PATH", "Disk target or source path.");
    private final Flag abort = flag("--abort", "Abort the active job on the specified disk.");
    private final Flag async = flag("--async", "Implies --abort; request but don't wait for job end.");
    private final Flag pivot = flag("--pivot", "Implies --abort; conclude and pivot a copy or commit job.");
    private final Flag info = flag("--info", "Get active job information for the specified disk.");
    private final Flag raw = flag("--raw", "Implies --info; output details rather than human summary.");
    private final Flag bytes = flag("--bytes", "Get/set bandwidth in bytes rather than MiB/s.");
    private final Value<Long> bandwidth = option("--bandwidth", "N", Long.class, "Set the bandwidth limit in MiB/s.");

    public BlockjobCommand() {
        super("blockjob", "Manage active block operations.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean ending = abort.get() || async.get() || pivot.get();
        boolean showing = info.get() || raw.get();
        if (ending && (showing || bandwidth.get() != null) || showing && bandwidth.get() != null) {
            throw new IllegalArgumentException("Options --abort, --info and --bandwidth are mutually exclusive");
        }
        if (ending) {
            BlockJobInfo end = client.blockJobs().abort(domain.get(), path.get(), pivot.get(), async.get());
            if (json()) {
                printJson(end);
            }
            return 0;
        }
        if (bandwidth.get() != null) {
            BlockJobInfo now = client.blockJobs().setSpeed(domain.get(), path.get(),
                    BlockJobWait.bandwidth(bandwidth.get(), bytes.get()));
            if (json()) {
                printJson(now);
            }
            return 0;
        }
        BlockJobInfo i = client.blockJobs().info(domain.get(), path.get());
        if (json()) {
            printJson(i);
            return 0;
        }
        if (!i.active()) {
            if (!raw.get()) {
                out().print("No current block job for " + path.get() + "\n");
                out().flush();
            }
            return 0;
        }
        if (raw.get()) {
            long speed = bytes.get() ? i.bandwidth() : i.bandwidth() >> 20;
            out().print(" type=" + i.type() + "\n bandwidth=" + speed + "\n cur=" + i.cur() + "\n end=" + i.end()
                    + "\n");
            out().println();
            out().flush();
            return 0;
        }
        out().flush();
        BlockJobWait.progress(err(), i.label(), i.end() - i.cur(), i.end());
        if (i.bandwidth() > 0) {
            out().print("    Bandwidth limit: " + i.bandwidth() + " bytes/s (" + pretty(i.bandwidth()) + "/s)");
        }
        out().println();
        out().println();
        out().flush();
        return 0;
    }

    /** virsh's capacity: the largest binary unit the value reaches, with three decimals ({@code 5.000 MiB}). */
    static String pretty(long value) {
        double v = value;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.3f %s", v, UNITS[unit]);
    }
}
