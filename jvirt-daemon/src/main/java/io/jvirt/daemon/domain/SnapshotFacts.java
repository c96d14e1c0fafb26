package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DiskDriver;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotXml;
import io.jvirt.daemon.job.JobRecord;
import io.jvirt.qemu.qmp.BlockNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names of what snapshot jobs record about themselves (the facts their recovery reads),
 * and the names they give QEMU's nodes and jobs, derived from the job's id so that a recovery
 * finds them again.
 */
final class SnapshotFacts {
    /** The snapshot as it will be recorded (stored format). */
    static final String SNAPSHOT = "snapshot";
    /** INTERNAL or EXTERNAL. */
    static final String KIND = "kind";
    /** Whether QEMU ran when the job began. */
    static final String ACTIVE = "active";
    /** Whether the guest's CPUs ran when the job began (the job resumes them). */
    static final String WAS_RUNNING = "wasRunning";
    /** Whether the snapshot keeps no metadata. */
    static final String NO_METADATA = "noMetadata";
    /** The VM state file of an internal snapshot. */
    static final String VMSTATE = "vmstate";
    /** The memory file of an external snapshot. */
    static final String MEMORY = "memory";
    /** Prefix of "overlay.TARGET" facts: the overlay of each disk. */
    static final String OVERLAY = "overlay.";
    /** The snapshot a revert or delete works on. */
    static final String NAME = "name";
    /** Revert and delete flags. */
    static final String FLAGS = "flags";

    private SnapshotFacts() {
    }

    static String xml(SnapshotDef s) {
        return SnapshotXml.formatStored(s.toBuilder().current(null).build());
    }

    static SnapshotDef snapshot(JobRecord r) {
        return SnapshotXml.parse(r.fact(SNAPSHOT));
    }

    /** The overlay facts of a record: target to overlay path. */
    static Map<String, String> overlays(JobRecord r) {
        Map<String, String> out = new LinkedHashMap<>();
        r.facts().forEach((k, v) -> {
            if (k.startsWith(OVERLAY)) {
                out.put(k.substring(OVERLAY.length()), v);
            }
        });
        return out;
    }

    /** QEMU's id of the job's snapshot job. */
    static String qemuJob(JobRecord r, String what) {
        return "jv-" + r.id() + "-" + what;
    }

    /** The node name of a VM state or memory file added for the job. */
    static String memoryNode(JobRecord r) {
        return "jv-" + r.id() + "-mem";
    }

    /** The format node name of an overlay added for the job. */
    static String overlayNode(JobRecord r, String target) {
        return "jv-" + r.id() + "-" + target;
    }

    /** The protocol node under a format node added for the job. */
    static String fileNode(String formatNode) {
        return formatNode + "-f";
    }

    /** QEMU's cache options for a disk's cache mode. */
    static BlockNode.Cache cache(DiskDriver.Cache mode) {
        if (mode == null) {
            return BlockNode.Cache.WRITEBACK;
        }
        return switch (mode) {
            case DEFAULT, WRITEBACK -> BlockNode.Cache.WRITEBACK;
            case NONE, DIRECTSYNC -> new BlockNode.Cache(true, false);
            case WRITETHROUGH -> BlockNode.Cache.WRITEBACK;
            case UNSAFE -> new BlockNode.Cache(false, true);
        };
    }
}
