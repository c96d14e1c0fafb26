/**
 * Read-only VHDX reader (Hyper-V): fixed, dynamic and differencing files, following MS-VHDX as
 * QEMU's vhdx driver reads it. {@link io.jvirt.image.vhdx.VhdxImage#open} checks the two headers
 * (CRC-32C, sequence numbers), replays a non-empty log in memory, and reads the region table,
 * the metadata and the block allocation table, each checked against the file and fixed limits.
 */
package io.jvirt.image.vhdx;
