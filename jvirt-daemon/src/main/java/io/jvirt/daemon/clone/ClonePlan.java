package io.jvirt.daemon.clone;

import io.jvirt.conf.domain.DomainDef;
import java.util.List;

/**
 * What {@code jvirt clone} does: define {@code newDef} and make {@code copies}.
 *
 * @param originalName the original's name (null with --original-xml of a domain jvirtd does not know)
 * @param newDef the new domain's definition
 * @param copies the disk images to make, in disk order
 * @param copyState whether the original's NVRAM and TPM state are copied to the new domain
 * @param notes lines to tell the user (what was not copied and why)
 * @param replaces the existing domain of the new name that {@code --replace} stops and undefines, or null
 * @param replacedNvram whether the replaced domain's UEFI variable store goes with it: it is at the path
 *     the clone's store takes
 */
public record ClonePlan(String originalName, DomainDef newDef, List<DiskCopy> copies, boolean copyState,
                        List<String> notes, String replaces, boolean replacedNvram) {

    /** Copies the lists. */
    public ClonePlan {
        copies = List.copyOf(copies);
        notes = List.copyOf(notes);
    }

    /** How a new disk is made from the original's. */
    public enum Mode {
        /** A full copy, sparse. */
        FULL,
        /** A full copy with every block allocated (raw). */
        FULL_NONSPARSE,
        /** A copy sharing blocks with the original (FICLONE). */
        REFLINK,
        /** A thin qcow2 overlay on the original's image. */
        OVERLAY
    }

    /**
     * One new disk image.
     *
     * @param target the disk's target ({@code vda})
     * @param source the original's volume
     * @param pool the pool the new volume goes into
     * @param name the new volume's name
     * @param path the new volume's file
     * @param format the new volume's format
     * @param mode how it is made
     */
    public record DiskCopy(String target, CloneWorld.Volume source, String pool, String name, String path,
                           String format, Mode mode) {
    }
}
