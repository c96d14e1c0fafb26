package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.UUID;

/**
 * A validated, immutable storage pool definition: the model of a libvirt {@code <pool>}
 * document. Parse and format it with {@link PoolXml}.
 *
 * @param type how the pool's space is provided
 * @param name the unique pool name
 * @param uuid the unique pool id
 * @param capacity the reported size of the pool in bytes, or null (output only: kept, never used)
 * @param allocation the reported used space in bytes, or null (output only)
 * @param available the reported free space in bytes, or null (output only)
 * @param source where the space comes from; empty for dir pools
 * @param target the directory volumes live in
 */
public record PoolDef(PoolType type, String name, UUID uuid, Long capacity, Long allocation, Long available,
                      PoolSource source, PoolTarget target) {

    /** Validates the definition as a whole. */
    public PoolDef {
        StorageChecks.required(type, "The pool type");
        validateName(name);
        StorageChecks.required(uuid, "The pool UUID");
        checkSize(capacity, "capacity");
        checkSize(allocation, "allocation");
        checkSize(available, "available");
        source = source == null ? PoolSource.NONE : source;
        StorageChecks.required(target, "The pool <target>");
        switch (type) {
            case DIR -> {
                if (!source.isEmpty()) {
                    throw new ConfException(Kind.CONFLICT, "A pool of type 'dir' takes no <device> or <format> in "
                            + "its <source>; remove them, or use type 'fs' for a file system on a device.");
                }
            }
            case FS -> {
                if (source.device() == null) {
                    throw new ConfException(Kind.MISSING_VALUE,
                            "A pool of type 'fs' needs a <source><device path='...'/></source>.");
                }
                if (source.format() == null) {
                    source = new PoolSource(source.device(), FsFormat.AUTO);
                }
            }
        }
    }

    private static void checkSize(Long v, String what) {
        if (v != null && v < 0) {
            throw new ConfException(Kind.INVALID_VALUE, "The pool " + what + " must not be negative.");
        }
    }

    /**
     * Checks a pool name: not empty, at most 255 bytes, no '/', no leading '.', no control characters.
     *
     * @param name the name
     * @throws ConfException when the name is not acceptable
     */
    public static void validateName(String name) {
        StorageChecks.fileName(name, "pool name");
    }

    /**
     * Returns a copy with another UUID (a redefinition without {@code <uuid>} keeps the pool's).
     *
     * @param newUuid the UUID
     * @return the copy
     */
    public PoolDef withUuid(UUID newUuid) {
        return new PoolDef(type, name, newUuid, capacity, allocation, available, source, target);
    }

    /**
     * Returns a copy with the reported sizes.
     *
     * @param newCapacity capacity in bytes, or null
     * @param newAllocation allocation in bytes, or null
     * @param newAvailable available space in bytes, or null
     * @return the copy
     */
    public PoolDef withSizes(Long newCapacity, Long newAllocation, Long newAvailable) {
        return new PoolDef(type, name, uuid, newCapacity, newAllocation, newAvailable, source, target);
    }
}
