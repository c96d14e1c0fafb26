package io.jvirt.cli.blockjob;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt blockpull DOMAIN PATH [--base B] [--wait] [--verbose] [--timeout S] [--async]
 * [--keep-relative] [--bandwidth N] [--bytes]}: pulls the data of a disk's backing images into
 * its active layer, as virsh does.
 */
public final class BlockpullCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> path = parameter("PATH", "Disk target or source path.");
    private final Value<Long> bandwidth = option("--bandwidth", "N", Long.class, "Bandwidth limit in MiB/s.");
    private final Value<String> base = option("--base", "BASE", "Path of the backing image to keep (the layers above "
            + "it are pulled); default: pull everything.");
    private final Flag waitFlag = flag("--wait", "Wait for the job to finish.");
    private final Flag verbose = flag("--verbose", "With --wait, display the progress.");
    private final Value<Long> timeout = option("--timeout", "S", Long.class,
            "With --wait, abort if the pull exceeds S seconds.");
    private final Flag async = flag("--async", "With --wait, don't wait for a cancel to finish.");
    private final Flag keepRelative = flag("--keep-relative", "Keep the backing chain relatively referenced.");
    private final Flag bytes = flag("--bytes", "The bandwidth is in bytes/s instead of MiB/s.");

    public BlockpullCommand() {
        super("blockpull", "Populate a disk from its backing image.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        long seconds = timeout.get() == null ? 0 : timeout.get();
        boolean blocking = waitFlag.get() || seconds > 0;
        if (!blocking && verbose.get()) {
            throw new IllegalArgumentException("--verbose requires at least one of --timeout, --wait");
        }
        if (!blocking && async.get()) {
            throw new IllegalArgumentException("--async requires at least one of --timeout, --wait");
        }
        BlockJobInfo started = client.blockJobs().pull(domain.get(), path.get(), base.get(), keepRelative.get(),
                BlockJobWait.bandwidth(bandwidth.get(), bytes.get()));
        if (!blocking) {
            return started(started, "Block Pull started");
        }
        BlockJobWait.End end = BlockJobWait.await(client, domain.get(), path.get(), "Block Pull", verbose.get(),
                seconds, async.get(), err());
        String message = switch (end) {
            case CANCELED -> "Pull aborted";
            case FAILED -> "Pull failed";
            case READY, COMPLETED -> "Pull complete";
        };
        if (json()) {
            printJson(client.blockJobs().info(domain.get(), path.get()));
        } else {
            out().print("\n" + message + "\n");
            out().flush();
        }
        return end == BlockJobWait.End.CANCELED || end == BlockJobWait.End.FAILED ? 1 : 0;
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
