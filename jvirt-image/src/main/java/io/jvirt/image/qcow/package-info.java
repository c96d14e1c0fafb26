/**
 * Read-only reader of QEMU's original qcow format (version 1): a big-endian header, an L1 table
 * in memory, L2 tables on demand, deflate-compressed clusters and an optional backing file.
 * Encrypted images are refused.
 */
package io.jvirt.image.qcow;
