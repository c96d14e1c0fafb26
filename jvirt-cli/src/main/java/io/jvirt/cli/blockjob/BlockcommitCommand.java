package io.jvirt.cli.blockjob;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code jvirt blockcommit DOMAIN PATH [--base B] [--top T] [--shallow] [--active] [--delete] [--pivot |
 * --keep-overlay] [--keep-relative] [--wait] [--verbose] [--timeout S] [--async] [--bandwidth N]
 * [--bytes]}: merges a disk's upper layers into a lower one, as virsh does; with {@code --delete}
 * the daemon deletes the committed-from images once the commit took effect.
 */
public final class BlockcommitCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> path = parameter("PATH", "Disk target or source path.");
    private final Value<Long> bandwidth = option("--bandwidth", "N", Long.class, "Bandwidth limit in MiB/s.");
    private final Value<String> base = option("--base", "BASE", "Path of the base image to commit into (default: the "
            + "bottom of the chain).");
    private final Flag shallow = flag("--shallow", "Use the backing file of --top as the base.");
    private final Value<String> top = option("--top", "TOP", "Path of the top image to commit (default: the top).");
    private final Flag active = flag("--active", "Trigger a two-stage active commit of the top layer.");
    private final Flag delete = flag("--delete", "Delete files that were successfully committed.");
    private final Flag waitFlag = flag("--wait", "Wait for the job to complete (or, with --active, to become ready).");
    private final Flag verbose = flag("--verbose", "With --wait, display the progress.");
    private final Value<Long> timeout = option("--timeout", "S", Long.class,
            "Implies --wait; abort if the copy exceeds S seconds.");
    private final Flag pivot = flag("--pivot", "Implies --active --wait; pivot when the commit is ready.");
    private final Flag keepOverlay = flag("--keep-overlay", "Implies --active --wait; end the job without a pivot.");
    private final Flag async = flag("--async", "With --wait, don't wait for a cancel to finish.");
    private final Flag keepRelative = flag("--keep-relative", "Keep the backing chain relatively referenced.");
    private final Flag bytes = flag("--bytes", "The bandwidth is in bytes/s instead of MiB/s.");

    public BlockcommitCommand() {
        super("blockcommit", "Start a block commit operation.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (pivot.get() && keepOverlay.get()) {
            throw new IllegalArgumentException("Options --pivot and --keep-overlay are mutually exclusive");
        }
        boolean isActive = active.get() || pivot.get() || keepOverlay.get();
        long seconds = timeout.get() == null ? 0 : timeout.get();
        boolean blocking = waitFlag.get() || pivot.get() || keepOverlay.get() || seconds > 0;
        if (!blocking && verbose.get()) {
            throw new IllegalArgumentException("--verbose requires at least one of --timeout, --wait, --pivot, or "
                    + "--keep-overlay");
        }
        if (!blocking && async.get()) {
            throw new IllegalArgumentException("--async requires at least one of --timeout, --wait, --pivot, or "
                    + "--keep-overlay");
        }
        Set<String> flags = new LinkedHashSet<>();
        if (isActive) {
            flags.add("active");
        }
        if (shallow.get()) {
            flags.add("shallow");
        }
        if (keepRelative.get()) {
            flags.add("keep-relative");
        }
        if (delete.get()) {
            flags.add("delete");
        }
        BlockJobInfo started = client.blockJobs().commit(domain.get(), path.get(), base.get(), top.get(), flags,
                BlockJobWait.bandwidth(bandwidth.get(), bytes.get()));
        if (!blocking) {
            return started(started, isActive ? "Active Block Commit started" : "Block Commit started");
        }
        BlockJobWait.End end = BlockJobWait.await(client, domain.get(), path.get(), "Block commit", verbose.get(),
                seconds, async.get(), err());
        switch (end) {
            case CANCELED -> {
                return finish(client, "Commit aborted", 1);
            }
            case FAILED -> {
                return finish(client, "Commit failed", 1);
            }
            case READY, COMPLETED -> {
            }
        }
        String message;
        BlockJobInfo last = null;
        if (isActive && pivot.get()) {
            last = client.blockJobs().abort(domain.get(), path.get(), true, async.get());
            message = "Successfully pivoted";
        } else if (isActive && keepOverlay.get()) {
            last = client.blockJobs().abort(domain.get(), path.get(), false, async.get());
            message = "Commit complete, overlay image kept";
        } else if (isActive) {
            message = "Now in synchronized phase";
        } else {
            message = "Commit complete";
        }
        if (json()) {
            printJson(last != null ? last : client.blockJobs().info(domain.get(), path.get()));
            return 0;
        }
        return finish(client, message, 0);
    }

    private int finish(JvirtClient client, String message, int code) throws Exception {
        if (json()) {
            printJson(client.blockJobs().info(domain.get(), path.get()));
        } else {
            out().print("\n" + message + "\n");
            out().flush();
        }
        return code;
    }

    /** virsh's line for a job left running: the message and the newline virsh ends each command with. */
    private int started(BlockJobInfo job, String message) throws Exception {
        if (json()) {
            printJson(job);
        } else {
            out().print(message + "\n");
            out().flush();
        }
        return 0;
    }
}
