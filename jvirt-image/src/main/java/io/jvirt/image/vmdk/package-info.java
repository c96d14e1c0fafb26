/**
 * Read-only VMDK reader: hosted sparse files ({@code monolithicSparse}), stream-optimized
 * files with deflate-compressed grains ({@code streamOptimized}, including the footer that
 * stream writers use to locate the grain directory), and text descriptors listing SPARSE,
 * FLAT/VMFS and ZERO extents in files of the same directory ({@code monolithicFlat},
 * {@code twoGbMaxExtentSparse}, {@code twoGbMaxExtentFlat}, {@code vmfs}).
 * Differencing (child) disks and seSparse/vmfsSparse extents are refused as unsupported.
 */
package io.jvirt.image.vmdk;
