/**
 * Read-only access to disk images made by other hypervisors and older QEMU: VMDK (VMware), VDI
 * (VirtualBox), VHD (Virtual PC / Hyper-V, called {@code vpc} by QEMU), VHDX (Hyper-V), QED
 * and qcow version 1.
 *
 * <p>{@link io.jvirt.image.foreign.ForeignFormats#probe(java.nio.file.Path)} recognises a
 * file by its magic bytes, never by its name, and opens the matching reader, which presents
 * the guest-visible contents through {@link io.jvirt.image.foreign.ForeignImage}.
 *
 * <p>The readers treat every header field as hostile. Sizes and offsets are checked
 * against the file size and fixed limits before anything is allocated: virtual sizes up to
 * 2^62 bytes, tables of at most 2^24 entries (64 MiB, and never more than the file holds),
 * VMDK grains of at most 16 MiB, VDI and VHD blocks of at most 256 MiB, descriptors of at
 * most 1 MiB; VHDX: BATs of at most 2^24 entries, metadata items of at most 1 MiB, logs of at
 * most 256 MiB; QED: tables of at most 32 MiB. Tables, VMDK grain tables, VDI/VHD data blocks
 * and VHDX payload and bitmap blocks are checked at open to lie inside the file and not to
 * overlap each other or the headers; VMDK grains and QED/qcow clusters are checked when read. Metadata caches hold a few dozen tables. Every problem is an
 * {@link io.jvirt.image.ImageException} whose message is one sentence naming the file and
 * the fault; no other exception escapes for bad input.
 */
package io.jvirt.image.foreign;
