package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a disk's storage, libvirt's {@code virStorageSource}: the disk's own
 * {@code <source>} with its format, or one {@code <backingStore>} below it.
 *
 * @param location where the bytes are (decides the {@code type} attribute)
 * @param format the image format, or null (the disk's default is raw; a volume takes its pool's)
 * @param metadataCacheMaxSize the qcow2 metadata cache limit in bytes ({@code <metadata_cache>}), or null
 * @param index the {@code index} libvirt gives each layer of a running domain, or null
 * @param slice the {@code <slices><slice type='storage' offset size/>} window, or null
 * @param seclabels the per-file security label overrides
 * @param auth the credentials of a network source, or null
 * @param encryption the image's encryption, or null
 * @param reservations the SCSI persistent reservation helper of a LUN, or null
 * @param backing the next layer, {@link BackingStore#END}, or null when the chain is not given
 */
public record StorageSource(DiskSource location, DiskFormat format, Long metadataCacheMaxSize, Integer index,
                            Slice slice, List<Seclabel> seclabels, DiskAuth auth, DiskEncryption encryption,
                            Reservations reservations, BackingStore backing) implements BackingStore {

    /** Validates the parts that do not depend on the disk around them. */
    public StorageSource {
        Checks.required(location, "The disk source");
        seclabels = Checks.list(seclabels);
        if (metadataCacheMaxSize != null && metadataCacheMaxSize < 1) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The metadata cache max_size must be 1 byte or more.");
        }
    }

    /**
     * A source with only a location and a format.
     *
     * @param location where the bytes are
     * @param format the format, or null
     * @return the source
     */
    public static StorageSource of(DiskSource location, DiskFormat format) {
        return new StorageSource(location, format, null, null, null, List.of(), null, null, null, null);
    }

    /** Returns the layers below this one that the definition gives, top first (empty when none). */
    public List<StorageSource> chain() {
        List<StorageSource> out = new ArrayList<>();
        for (BackingStore b = backing; b instanceof StorageSource s; b = s.backing()) {
            out.add(s);
        }
        return out;
    }

    /** Returns whether the definition ends the chain explicitly somewhere ({@code <backingStore/>}). */
    public boolean chainEnds() {
        BackingStore b = backing;
        while (b instanceof StorageSource s) {
            b = s.backing();
        }
        return b instanceof BackingStore.End;
    }

    /**
     * Returns a copy in another location.
     *
     * @param newLocation the location
     * @return the copy
     */
    public StorageSource withLocation(DiskSource newLocation) {
        return new StorageSource(newLocation, format, metadataCacheMaxSize, index, slice, seclabels, auth, encryption,
                reservations, backing);
    }

    /**
     * Returns a copy with another format.
     *
     * @param newFormat the format, or null
     * @return the copy
     */
    public StorageSource withFormat(DiskFormat newFormat) {
        return new StorageSource(location, newFormat, metadataCacheMaxSize, index, slice, seclabels, auth, encryption,
                reservations, backing);
    }

    /**
     * A {@code <slice type='storage' offset size/>}: the guest sees only this window of the image.
     *
     * @param offset the first byte
     * @param size the length in bytes
     */
    public record Slice(long offset, long size) {
        /** Validates the numbers. */
        public Slice {
            if (offset < 0 || size < 1) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "A storage slice needs an offset of 0 or more and a size of 1 byte or more.");
            }
        }
    }
}
