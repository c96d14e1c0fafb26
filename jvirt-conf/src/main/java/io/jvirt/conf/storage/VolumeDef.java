package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * A validated, immutable volume definition: the model of a libvirt {@code <volume>} document.
 * Parse and format it with {@link VolumeXml}. Sizes are in bytes.
 *
 * @param type the volume type
 * @param name the volume name, unique in its pool; it becomes the file name
 * @param key the volume's unique key (for file volumes, its path), or null
 * @param capacity the guest-visible size in bytes
 * @param allocation the space to reserve, or as reported the space used, in bytes; or null
 * @param physical the reported file size in bytes (output only), or null
 * @param target the path, format and permissions
 * @param backingStore the backing image, or null
 */
public record VolumeDef(VolumeType type, String name, String key, long capacity, Long allocation, Long physical,
                        VolumeTarget target, BackingStore backingStore) {

    /** Largest accepted capacity or allocation: 1 EiB. */
    public static final long MAX_SIZE = 1L << 60;

    /** Validates the definition as a whole. */
    public VolumeDef {
        type = type == null ? VolumeType.FILE : type;
        validateName(name);
        StorageChecks.noControl(key, "The volume key");
        checkSize(capacity, "capacity");
        if (allocation != null) {
            checkSize(allocation, "allocation");
        }
        if (physical != null) {
            checkSize(physical, "physical size");
        }
        target = target == null ? VolumeTarget.NONE : target;
        if (backingStore != null && target.effectiveFormat() != VolumeFormat.QCOW2) {
            throw new ConfException(Kind.CONFLICT, "Only qcow2 volumes can have a <backingStore>; the volume '"
                    + StorageChecks.printable(name) + "' is " + target.effectiveFormat().xml() + ".");
        }
    }

    static void checkSize(long v, String what) {
        if (v < 0 || v > MAX_SIZE) {
            throw new ConfException(Kind.INVALID_VALUE, "The volume " + what + " of " + v
                    + " bytes is out of range; it must be from 0 to 1 EiB (" + MAX_SIZE + " bytes).");
        }
    }

    /**
     * Checks a volume name: not empty, at most 255 bytes, no '/', no leading '.' (so neither
     * '.' nor '..'), no control characters.
     *
     * @param name the name
     * @throws ConfException when the name is not acceptable
     */
    public static void validateName(String name) {
        StorageChecks.fileName(name, "volume name");
    }

    /** Returns the format, raw when none is given. */
    public VolumeFormat format() {
        return target.effectiveFormat();
    }

    /**
     * Returns a copy with another name and no path or key (the pool assigns them).
     *
     * @param newName the name
     * @return the copy
     */
    public VolumeDef withName(String newName) {
        VolumeTarget t = new VolumeTarget(null, target.format(), target.permissions(), null, target.compat(),
                target.clusterSize(), target.lazyRefcounts());
        return new VolumeDef(type, newName, null, capacity, allocation, null, t, backingStore);
    }

    /**
     * Returns a copy with another capacity.
     *
     * @param newCapacity the capacity in bytes
     * @return the copy
     */
    public VolumeDef withCapacity(long newCapacity) {
        return new VolumeDef(type, name, key, newCapacity, allocation, physical, target, backingStore);
    }
}
