/**
 * The libvirt storage model: {@link io.jvirt.conf.storage.PoolXml} parses and formats
 * {@code <pool>} documents into {@link io.jvirt.conf.storage.PoolDef};
 * {@link io.jvirt.conf.storage.VolumeXml} does the same for {@code <volume>} documents and
 * {@link io.jvirt.conf.storage.VolumeDef}.
 *
 * <p>Pools: {@code <pool type>} dir|fs; name, uuid (generated when missing), capacity,
 * allocation and available (reported by the host; accepted and kept), source (fs: a
 * {@code <device path>} and a {@code <format type>} ext4|xfs|btrfs|auto, auto when missing),
 * target (path, permissions with mode, owner, group, label).
 *
 * <p>Volumes: {@code <volume type>} file; name, key, capacity, allocation and physical in any
 * libvirt unit (bytes when none is given; written back in bytes), target (path, format
 * raw|qcow2|vmdk|vdi|vpc, permissions, timestamps kept verbatim, compat, clusterSize,
 * features/lazy_refcounts), backingStore (path, format, permissions).
 *
 * <p>Anything else is refused with the element or attribute and its line. Parsing fills in
 * what libvirt fills in: the pool UUID, the fs source format auto, the volume type file, and
 * compat 1.1 for a volume that lists qcow2 features.
 */
package io.jvirt.conf.storage;
