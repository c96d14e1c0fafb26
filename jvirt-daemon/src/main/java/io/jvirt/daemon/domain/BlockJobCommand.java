package io.jvirt.daemon.domain;

import java.util.Set;

/**
 * The block job operations of a running domain (virsh's {@code blockcommit}, {@code blockpull},
 * {@code blockcopy} and {@code blockjob}), one record each; {@link BlockJobService#execute}
 * runs them. {@code disk} is the disk's target ({@code vda}) or its image's path; speeds are
 * bytes per second, 0 for no limit.
 */
public sealed interface BlockJobCommand {
    /** The domain (name, UUID or id). */
    String ref();

    /** The disk (target or image path). */
    String disk();

    /** The commit options. */
    enum CommitFlag {
        /** Commit the active layer (the job then waits for a pivot or an abort). */
        ACTIVE,
        /** Into the layer just below the top only. */
        SHALLOW,
        /** Record the new backing of the layer above as a relative name. */
        KEEP_RELATIVE,
        /**
         * Delete the committed-from images once the commit completed (and, for an active commit,
         * pivoted), as libvirt does; an image another domain or process holds is kept.
         */
        DELETE
    }

    /**
     * Merges the layers from {@code top} (null: the active layer) down into {@code base}
     * (null: the bottom of the chain, or the layer below the top with {@code SHALLOW}).
     */
    record Commit(String ref, String disk, String base, String top, Set<CommitFlag> flags, long bandwidth)
            implements BlockJobCommand {
        /** Copies the flags. */
        public Commit {
            flags = Set.copyOf(flags);
        }
    }

    /**
     * Pulls the data of the layers above {@code base} (null: all of them) into the active layer.
     *
     * @param keepRelative record the new backing as a relative name
     */
    record Pull(String ref, String disk, String base, boolean keepRelative, long bandwidth) implements BlockJobCommand {
    }

    /** The copy options. */
    enum CopyFlag {
        /** Copy the top layer only; the copy gets the source's backing. */
        SHALLOW,
        /** The destination exists already (as an image the copy may overwrite). */
        REUSE_EXTERNAL,
        /**
         * The job need not be recovered (libvirt's {@code --transient-job}): a daemon that finds
         * it after a restart cancels it instead of following it, leaving the disk on its source.
         */
        TRANSIENT_JOB,
        /**
         * Each guest write completes only once it reached the copy too (libvirt's
         * {@code --synchronous-writes}, QEMU's {@code write-blocking} copy mode), so the copy
         * converges however busy the guest is, at the cost of slower guest writes.
         */
        SYNCHRONOUS_WRITES
    }

    /**
     * Copies the disk to a file ({@code dest}, in {@code format}: null for the source's) or to
     * the disk that {@code destXml} describes (a file or a storage volume); ready once copied.
     *
     * @param granularity the dirty-region size the mirror tracks, in bytes (a power of two from
     *     512 B to 64 MiB); 0 for QEMU's choice
     * @param bufSize the most data in flight at once, in bytes; 0 for QEMU's default
     */
    record Copy(String ref, String disk, String dest, String format, String destXml, Set<CopyFlag> flags,
                long bandwidth, long granularity, long bufSize) implements BlockJobCommand {
        /** Copies the flags. */
        public Copy {
            flags = Set.copyOf(flags);
        }

        /** A copy with QEMU's granularity and buffer size. */
        public Copy(String ref, String disk, String dest, String format, String destXml, Set<CopyFlag> flags,
                    long bandwidth) {
            this(ref, disk, dest, format, destXml, flags, bandwidth, 0, 0);
        }
    }

    /**
     * Ends the disk's job: cancels it, or with {@code pivot} switches a ready copy or active
     * commit over; returns at once with {@code async}, else once the job ended.
     */
    record Abort(String ref, String disk, boolean pivot, boolean async) implements BlockJobCommand {
    }

    /** Changes the speed limit of the disk's job. */
    record SetSpeed(String ref, String disk, long bandwidth) implements BlockJobCommand {
    }
}
