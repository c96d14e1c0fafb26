/**
 * Read-only VMDK reader: hosted sparse extents ({@code monolithicSparse}) and
 * stream-optimized extents with deflate-compressed grains ({@code streamOptimized}),
 * including the embedded descriptor and the footer that stream writers place at the end.
 */
package io.jvirt.image.vmdk;
