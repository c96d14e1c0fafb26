package io.jvirt.api;

/**
 * What {@code pool-list} and {@code pool-info} show about one storage pool.
 *
 * @param name the pool name
 * @param uuid its UUID
 * @param type dir or fs
 * @param active true while it runs (dir: its directory is in use; fs: its device is mounted)
 * @param persistent true when it has a stored definition, false for a transient pool
 * @param autostart true when it starts with the daemon
 * @param capacity the size of the pool's file system in bytes (0 while inactive)
 * @param allocation the bytes used on that file system (0 while inactive)
 * @param available the bytes still free for volumes (0 while inactive)
 * @param path the target directory that holds the volumes
 * @param device the source device of an fs pool, else null
 */
public record StoragePoolInfo(String name, String uuid, String type, boolean active, boolean persistent,
                              boolean autostart, long capacity, long allocation, long available, String path,
                              String device) {
}
