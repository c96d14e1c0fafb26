package io.jvirt.api;

import java.util.List;

/**
 * The answer of an undefine that removed storage volumes too ({@code DELETE
 * /v1/domains/{ref}?storage=all|vda,PATH}): the domain as it was left, and each selected disk's
 * volume with what became of it.
 *
 * @param domain the undefined domain
 * @param volumes the selected disks, in the definition's order
 */
public record UndefinedStorage(DomainInfo domain, List<Volume> volumes) {

    /** Copies the list. */
    public UndefinedStorage {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /**
     * One disk's volume.
     *
     * @param target the disk's target ({@code vda})
     * @param source its image
     * @param pool the volume's pool, or null when no pool holds the image (it was kept)
     * @param volume the volume's name, or null
     * @param removed whether it was deleted
     * @param message why not, as a sentence, or null
     */
    public record Volume(String target, String source, String pool, String volume, boolean removed, String message) {
    }
}
