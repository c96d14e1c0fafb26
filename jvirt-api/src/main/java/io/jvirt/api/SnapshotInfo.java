package io.jvirt.api;

/**
 * One domain snapshot as {@code snapshot-list} and {@code snapshot-info} show it.
 *
 * @param name the snapshot's name
 * @param domain the domain's name
 * @param current whether it is the domain's current snapshot
 * @param state libvirt's word for the domain's state when it was taken ({@code running}, {@code shutoff},
 *              {@code disk-snapshot}, ...)
 * @param location {@code internal} or {@code external}
 * @param parent the parent snapshot's name, or null for a root
 * @param children how many snapshots descend directly from it
 * @param descendants how many descend from it in all
 * @param metadata whether the daemon keeps metadata for it (always, for listed snapshots)
 * @param creationTime when it was taken, seconds since the epoch
 * @param description its description, or null
 */
public record SnapshotInfo(String name, String domain, boolean current, String state, String location, String parent,
                           int children, int descendants, boolean metadata, long creationTime, String description) {
}
