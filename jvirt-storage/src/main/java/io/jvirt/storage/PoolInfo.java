package io.jvirt.storage;

/**
 * What pool-info reports: the state and the space of the pool's file system, in bytes, as
 * statvfs gives them (all 0 while the pool is inactive).
 *
 * @param state running or not
 * @param capacity size of the file system
 * @param allocation space used on it (by anything, not only volumes)
 * @param available space an unprivileged user can still allocate
 */
public record PoolInfo(PoolState state, long capacity, long allocation, long available) {
}
