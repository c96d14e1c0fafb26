/**
 * qcow2 v2/v3 images, split by concern: header, L2 tables and their cache, refcounts,
 * compression, snapshots, creation and checking. Internal; use {@link io.jvirt.image.Images}.
 */
package io.jvirt.image.qcow2;
