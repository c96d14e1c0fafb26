package io.jvirt.storage;

import java.util.List;

/**
 * What a refresh found in the pool directory.
 *
 * @param volumes the volumes, sorted by name
 * @param skipped entries that are not usable volumes (symbolic links, directories, names
 *     jvirt does not accept, unreadable images), sorted by name, with the reason
 */
public record PoolRefresh(List<VolumeInfo> volumes, List<Skipped> skipped) {

    /** Copies the lists. */
    public PoolRefresh {
        volumes = List.copyOf(volumes);
        skipped = List.copyOf(skipped);
    }

    /**
     * A directory entry that is not listed as a volume.
     *
     * @param name the entry's name
     * @param reason a whole sentence saying why
     */
    public record Skipped(String name, String reason) {
    }
}
