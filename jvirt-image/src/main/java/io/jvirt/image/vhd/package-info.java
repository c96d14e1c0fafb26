/**
 * Read-only VHD reader (QEMU's {@code vpc} format) for fixed and dynamic disks, honouring
 * the per-block sector bitmaps of dynamic disks.
 */
package io.jvirt.image.vhd;
