package io.jvirt.cli.inspect;

import io.jvirt.api.DomainJobInfo;

import java.util.List;
import java.util.Locale;

/** virsh's text of {@code domjobinfo} ({@code cmdDomjobinfo}), from the job's figures. Pure. */
final class JobText {
    /** libvirt's operation names in the order of {@code virDomainJobOperation}, for {@code --rawstats}. */
    private static final List<String> OPERATIONS = List.of("Unknown", "Start", "Save", "Restore",
            "Incoming migration", "Outgoing migration", "Snapshot", "Snapshot revert", "Dump", "Backup",
            "Snapshot delete");

    private JobText() {
    }

    /**
     * The text virsh prints.
     *
     * @param j the job
     * @param completed whether {@code --completed} was given
     * @param anyStats whether {@code --anystats} was given
     */
    static String info(DomainJobInfo j, boolean completed, boolean anyStats) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Job type:", j.type().label());
        if (j.type() == DomainJobInfo.Type.NONE) {
            return sb.toString();
        }
        line(sb, "Operation:", j.operation());
        boolean running = j.type() == DomainJobInfo.Type.BOUNDED || j.type() == DomainJobInfo.Type.UNBOUNDED;
        if (!anyStats && !running && !(completed && j.type() == DomainJobInfo.Type.COMPLETED)) {
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "%-17s %-12d ms%n", "Time elapsed:", j.elapsedMillis()));
        if (j.dataTotal() != 0 || j.dataRemaining() != 0 || j.dataProcessed() != 0) {
            size(sb, "Data processed:", j.dataProcessed());
            size(sb, "Data remaining:", j.dataRemaining());
            size(sb, "Data total:", j.dataTotal());
        }
        if (j.memoryTotal() != 0 || j.memoryRemaining() != 0 || j.memoryProcessed() != 0) {
            size(sb, "Memory processed:", j.memoryProcessed());
            size(sb, "Memory remaining:", j.memoryRemaining());
            size(sb, "Memory total:", j.memoryTotal());
        }
        if (j.error() != null) {
            sb.append(String.format(Locale.ROOT, "%-17s %s%n", "Error message:", j.error()));
        }
        return sb.toString();
    }

    /** {@code --rawstats}: the job type's number, then libvirt's typed parameters. */
    static String raw(DomainJobInfo j) {
        StringBuilder sb = new StringBuilder("Job type: " + j.type().ordinal() + "\n\n");
        if (j.type() == DomainJobInfo.Type.NONE) {
            return sb.toString();
        }
        sb.append("operation: ").append(Math.max(0, OPERATIONS.indexOf(j.operation()))).append('\n');
        sb.append("time_elapsed: ").append(j.elapsedMillis()).append('\n');
        sb.append("data_total: ").append(j.dataTotal()).append('\n');
        sb.append("data_processed: ").append(j.dataProcessed()).append('\n');
        sb.append("data_remaining: ").append(j.dataRemaining()).append('\n');
        if (j.memoryTotal() != 0) {
            sb.append("memory_total: ").append(j.memoryTotal()).append('\n');
            sb.append("memory_processed: ").append(j.memoryProcessed()).append('\n');
            sb.append("memory_remaining: ").append(j.memoryRemaining()).append('\n');
        }
        if (j.error() != null) {
            sb.append("errmsg: ").append(j.error()).append('\n');
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String field, String value) {
        sb.append(String.format(Locale.ROOT, "%-17s %-12s%n", field, value));
    }

    private static void size(StringBuilder sb, String field, long bytes) {
        sb.append(String.format(Locale.ROOT, "%-17s %s%n", field, VirshText.pretty(bytes)));
    }
}
