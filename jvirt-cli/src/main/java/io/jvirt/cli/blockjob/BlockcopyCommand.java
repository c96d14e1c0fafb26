package io.jvirt.cli.blockjob;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code jvirt blockcopy DOMAIN PATH [DEST | --dest DEST | --xml FILE] [--format F] [--shallow]
 * [--reuse-external] [--blockdev] [--wait] [--verbose] [--timeout S] [--pivot | --finish]
 * [--async] [--bandwidth N] [--bytes] [--granularity N] [--buf-size N] [--transient-job]
 * [--synchronous-writes] [--print-xml]}: copies a running domain's disk to a file or a storage
 * volume and keeps the copy in step, as virsh does; {@code --pivot} then switches the disk over,
 * {@code --synchronous-writes} makes each guest write reach the copy before it completes.
 * {@code --print-xml} prints the destination {@code <disk>} the copy would start with (the
 * {@code --xml} file as it is, or what virsh makes of {@code --dest}, {@code --format} and
 * {@code --blockdev}) and starts nothing; as virsh, it needs the domain to exist only.
 */
public final class BlockcopyCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> path = parameter("PATH", "Disk target or source path.");
    private final Value<String> destArg = optionalParameter("DEST", String.class, "Path of the copy to create.");
    private final Value<String> dest = option("--dest", "DEST", "Path of the copy to create.");
    private final Value<Long> bandwidth = option("--bandwidth", "N", Long.class, "Bandwidth limit in MiB/s.");
    private final Flag shallow = flag("--shallow", "Make the copy share a backing chain.");
    private final Flag reuseExternal = flag("--reuse-external", "Reuse the existing destination.");
    private final Flag blockdev = flag("--blockdev", "Copy destination is a block device instead of a regular file.");
    private final Flag waitFlag = flag("--wait", "Wait for the job to reach the mirroring phase.");
    private final Flag verbose = flag("--verbose", "With --wait, display the progress.");
    private final Value<Long> timeout = option("--timeout", "S", Long.class,
            "Implies --wait; abort if the copy exceeds S seconds.");
    private final Flag pivot = flag("--pivot", "Implies --wait; pivot when mirroring starts.");
    private final Flag finish = flag("--finish", "Implies --wait; quit when mirroring starts.");
    private final Flag async = flag("--async", "Don't wait for --pivot, --finish or a cancel to end.");
    private final Value<Path> xml = option("--xml", "FILE", Path.class, "A <disk> XML file describing the "
            + "destination (a file or a storage volume).");
    private final Value<String> format = option("--format", "FORMAT", "The destination's format (qcow2 or raw).");
    private final Flag raw = flag("--raw", "The same as --format raw (virsh's alias).");
    private final Flag bytes = flag("--bytes", "The bandwidth is in bytes/s instead of MiB/s.");
    private final Value<Long> granularity = option("--granularity", "N", Long.class,
            "Power-of-two granularity to use during the copy.");
    private final Value<Long> bufSize = option("--buf-size", "N", Long.class,
            "Maximum amount of in-flight data during the copy.");
    private final Flag transientJob = flag("--transient-job", "The copy job is not persisted if VM is turned off.");
    private final Flag printXml = flag("--print-xml", "Print the XML used to start the copy job instead of "
            + "starting the job.");
    private final Flag syncWrites = flag("--synchronous-writes", "The copy job forces guest writes to be "
            + "synchronously written to the destination.");

    public BlockcopyCommand() {
        super("blockcopy", "Start a block copy operation.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        // virsh's checks, in virsh's order
        if (destArg.get() != null && dest.get() != null) {
            throw new IllegalArgumentException("Options DEST and --dest are mutually exclusive");
        }
        String to = destArg.get() != null ? destArg.get() : dest.get();
        if (raw.get() && format.get() != null) {
            // virsh expands --raw into --format=raw, and then has the option twice
            throw new IllegalArgumentException("option --format already provided");
        }
        String fmt = raw.get() ? "raw" : format.get();
        exclusive(to != null, "--dest");
        exclusive(fmt != null, "--format");
        exclusive(blockdev.get(), "--blockdev");
        if (pivot.get() && finish.get()) {
            throw new IllegalArgumentException("Options --pivot and --finish are mutually exclusive");
        }
        if (to == null && xml.get() == null) {
            throw new IllegalArgumentException("need either --dest or --xml");
        }
        long seconds = timeout.get() == null ? 0 : timeout.get();
        boolean blocking = waitFlag.get() || pivot.get() || finish.get() || seconds > 0;
        for (Flag needsWait : new Flag[] {verbose, async}) {
            if (!blocking && needsWait.get()) {
                throw new IllegalArgumentException((needsWait == verbose ? "--verbose" : "--async")
                        + " requires at least one of --timeout, --wait, --pivot, or --finish");
            }
        }
        Set<String> flags = new LinkedHashSet<>();
        if (shallow.get()) {
            flags.add("shallow");
        }
        if (reuseExternal.get()) {
            flags.add("reuse-external");
        }
        if (transientJob.get()) {
            flags.add("transient-job");
        }
        if (syncWrites.get()) {
            flags.add("synchronous-writes");
        }
        long gran = unsigned("--granularity", granularity.get(), 0xffff_ffffL);
        long buf = unsigned("--buf-size", bufSize.get(), Long.MAX_VALUE);
        if (printXml.get()) {
            client.info(domain.get());
            String doc = xml.get() != null ? readXml() : BlockcopyXml.destination(to, fmt, blockdev.get());
            out().print(doc + "\n");
            out().flush();
            return 0;
        }
        String destXml = xml.get() == null ? null : readXml();
        String file = to == null ? null : Path.of(to).toAbsolutePath().toString();
        if (blockdev.get() && file != null && fmt == null) {
            fmt = "raw";
        }
        BlockJobInfo started = client.blockJobs().copy(domain.get(), path.get(), file, fmt, destXml, flags,
                BlockJobWait.bandwidth(bandwidth.get(), bytes.get()), gran, buf);
        if (!blocking) {
            return started(started, "Block Copy started");
        }
        BlockJobWait.End end = BlockJobWait.await(client, domain.get(), path.get(), "Block Copy", verbose.get(),
                seconds, async.get(), err());
        String message = switch (end) {
            case CANCELED -> "Copy aborted";
            case FAILED -> "Copy failed";
            case READY, COMPLETED -> null;
        };
        int code = message == null ? 0 : 1;
        BlockJobInfo last = null;
        if (message == null && pivot.get()) {
            last = client.blockJobs().abort(domain.get(), path.get(), true, async.get());
            message = "Successfully pivoted";
        } else if (message == null && finish.get()) {
            last = client.blockJobs().abort(domain.get(), path.get(), false, async.get());
            message = "Successfully copied";
        } else if (message == null) {
            message = "Now in mirroring phase";
        }
        if (json()) {
            printJson(last != null ? last : client.blockJobs().info(domain.get(), path.get()));
        } else {
            out().print("\n" + message + "\n");
            out().flush();
        }
        return code;
    }

    /** The {@code --xml} file's text; virsh's sentence when it cannot be read. */
    private String readXml() throws IOException {
        try {
            return Files.readString(xml.get());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Failed to open file '" + xml.get() + "': No such file or directory");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("Failed to open file '" + xml.get() + "': Permission denied");
        }
    }

    /** virsh refuses {@code option} beside {@code --xml}. */
    private void exclusive(boolean given, String option) {
        if (given && xml.get() != null) {
            throw new IllegalArgumentException("Options " + option + " and --xml are mutually exclusive");
        }
    }

    /** An unsigned option as virsh reads it: 0 when absent; a negative or too large number is refused. */
    private static long unsigned(String option, Long value, long max) {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("Numeric value '" + value + "' for <" + option.substring(2)
                    + "> option is malformed or out of range");
        }
        return value;
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
