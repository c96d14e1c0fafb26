/**
 * Read-only QED reader (QEMU enhanced disk): a header, a fixed L1 table and L2 tables on
 * demand, with zero clusters and an optional backing file.
 */
package io.jvirt.image.qed;
