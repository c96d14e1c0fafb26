package io.jvirt.api;

/**
 * A domain's job as {@code domjobinfo} shows it: the one running, or the last one that ended.
 *
 * @param type whether a job runs, and how the last one ended
 * @param operation libvirt's word for what it does ({@code Snapshot}, {@code Snapshot revert}, ...), or null
 *                  with {@link Type#NONE}
 * @param phase jvirt's name of the step it is at (or ended in), or null
 * @param elapsedMillis how long it ran so far (or in all)
 * @param dataProcessed bytes (or the job's own units) done so far
 * @param dataTotal bytes expected in all, 0 when not known
 * @param memoryProcessed bytes of guest memory written so far (save, managed save, snapshot with memory), else 0
 * @param memoryTotal the guest's memory in bytes for a job writing it, else 0
 * @param error why it failed or was cancelled, else null
 */
public record DomainJobInfo(Type type, String operation, String phase, long elapsedMillis, long dataProcessed,
                            long dataTotal, long memoryProcessed, long memoryTotal, String error) {

    /** No job runs, and none ended since the daemon started. */
    public static final DomainJobInfo NONE = new DomainJobInfo(Type.NONE, null, null, 0, 0, 0, 0, 0, null);

    /** libvirt's job types ({@code virDomainJobType}), labelled as virsh prints them. */
    public enum Type {
        NONE("None"),
        BOUNDED("Bounded"),
        UNBOUNDED("Unbounded"),
        COMPLETED("Completed"),
        FAILED("Failed"),
        CANCELLED("Cancelled");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        /** The word virsh prints, such as {@code Unbounded}. */
        public String label() {
            return label;
        }
    }

    /** Bytes still to do, 0 when the total is not known. */
    public long dataRemaining() {
        return Math.max(0, dataTotal - dataProcessed);
    }

    /** Bytes of memory still to write, 0 when the total is not known. */
    public long memoryRemaining() {
        return Math.max(0, memoryTotal - memoryProcessed);
    }
}
