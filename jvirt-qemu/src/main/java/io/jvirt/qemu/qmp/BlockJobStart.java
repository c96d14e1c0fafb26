package io.jvirt.qemu.qmp;

import java.util.Objects;

/**
 * A block job to start: QEMU 7.2's {@code block-commit}, {@code block-stream} and
 * {@code blockdev-mirror}, always with auto-finalize and auto-dismiss off, so that the caller
 * records what is about to change before it finalizes the job ({@code job-finalize}) and
 * dismisses it once it read the outcome ({@code job-dismiss}).
 */
public sealed interface BlockJobStart {
    /** The job's id (what {@code query-jobs} and the events call it). */
    String jobId();

    /** The node at the top of the disk the job works on. */
    String deviceNode();

    /** The speed limit in bytes per second; 0 for none. */
    long speed();

    /**
     * Merges the layers from {@code topNode} down into {@code baseNode}. When {@code topNode} is
     * the disk's active layer the job becomes ready and waits for {@code job-complete} (which
     * then makes {@code baseNode} the disk's top) or {@code job-cancel}.
     *
     * @param backingFile what the image above {@code topNode} records as its new backing file
     *     (a relative name keeps the chain relative), or null for QEMU's choice
     */
    record Commit(String jobId, String deviceNode, String topNode, String baseNode, String backingFile, long speed)
            implements BlockJobStart {
        /** Checks that the parts are present. */
        public Commit {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(deviceNode, "deviceNode");
            Objects.requireNonNull(topNode, "topNode");
            Objects.requireNonNull(baseNode, "baseNode");
        }
    }

    /**
     * Copies the data of the layers below the disk's top down to {@code baseNode} (exclusive)
     * into the top, which then has {@code baseNode} as its backing (no backing with a null base).
     *
     * @param baseNode the layer that stays below, or null to pull everything
     * @param backingFile what the top records as its backing file, or null for QEMU's choice
     */
    record Stream(String jobId, String deviceNode, String baseNode, String backingFile, long speed)
            implements BlockJobStart {
        /** Checks that the parts are present. */
        public Stream {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(deviceNode, "deviceNode");
        }
    }

    /**
     * Copies the disk to {@code targetNode} and keeps the copy in step with the guest's writes;
     * ready once copied, then {@code job-complete} switches the disk to the target (a pivot)
     * and {@code job-cancel} leaves it on its source.
     *
     * @param sync {@code full} (the whole chain) or {@code top} (the top layer only: the target's
     *     backing is the source's backing)
     * @param granularity the size of the dirty regions the mirror tracks and copies again, in
     *     bytes (a power of two from 512 B to 64 MiB); 0 for QEMU's choice
     * @param bufSize how much data may be in flight at once, in bytes; 0 for QEMU's default
     * @param copyMode when the guest's writes reach the target: in the background (QEMU's
     *     default) or before each write completes ({@code copy-mode: write-blocking})
     */
    record Mirror(String jobId, String deviceNode, String targetNode, MirrorSync sync, long speed, long granularity,
                  long bufSize, MirrorCopyMode copyMode) implements BlockJobStart {
        /** Checks that the parts are present. */
        public Mirror {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(deviceNode, "deviceNode");
            Objects.requireNonNull(targetNode, "targetNode");
            Objects.requireNonNull(sync, "sync");
            Objects.requireNonNull(copyMode, "copyMode");
        }

        /** A mirror that copies in the background. */
        public Mirror(String jobId, String deviceNode, String targetNode, MirrorSync sync, long speed, long granularity,
                      long bufSize) {
            this(jobId, deviceNode, targetNode, sync, speed, granularity, bufSize, MirrorCopyMode.BACKGROUND);
        }

        /** A mirror with QEMU's granularity and buffer size that copies in the background. */
        public Mirror(String jobId, String deviceNode, String targetNode, MirrorSync sync, long speed) {
            this(jobId, deviceNode, targetNode, sync, speed, 0, 0);
        }
    }

    /** What a mirror copies. */
    enum MirrorSync {
        /** The whole chain's data: the copy stands alone. */
        FULL,
        /** The top layer's data: the copy shares the source's backing. */
        TOP
    }

    /** When a mirror copies the guest's writes to its target (QEMU's {@code MirrorCopyMode}). */
    enum MirrorCopyMode {
        /** Later, with the rest of the dirty data: a busy guest may keep the job from converging. */
        BACKGROUND,
        /**
         * At once: a guest write completes once it reached the target too ({@code write-blocking},
         * libvirt's {@code --synchronous-writes}), so the copy converges however busy the guest is.
         */
        WRITE_BLOCKING
    }
}
