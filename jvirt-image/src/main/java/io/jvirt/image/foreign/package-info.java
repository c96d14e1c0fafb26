/**
 * Read-only access to disk images made by other hypervisors: VMDK (VMware), VDI
 * (VirtualBox) and VHD (Virtual PC / Hyper-V, called {@code vpc} by QEMU).
 *
 * <p>{@link io.jvirt.image.foreign.ForeignFormats#probe(java.nio.file.Path)} recognises a
 * file by its magic bytes and opens the matching reader, which presents the guest-visible
 * contents through {@link io.jvirt.image.foreign.ForeignImage}. The readers treat every
 * header field as hostile: all sizes and offsets are checked against the file size and
 * fixed limits before anything is allocated, and every problem is reported as a
 * {@link io.jvirt.image.ImageException} naming the file and the fault.
 */
package io.jvirt.image.foreign;
