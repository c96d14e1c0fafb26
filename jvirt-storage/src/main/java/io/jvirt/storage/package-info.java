/**
 * Storage pools and volumes on the host, with no daemon: {@link io.jvirt.storage.StoragePool}
 * is the entry point (pool lifecycle through a {@link io.jvirt.storage.PoolBackend}, and the
 * volume operations), {@link io.jvirt.storage.StorageException} the one failure type.
 * Definitions come from {@code io.jvirt.conf.storage}; images are read and written with the
 * image engine ({@code io.jvirt.image}).
 */
package io.jvirt.storage;
