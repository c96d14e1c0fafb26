/**
 * QEMU-compatible image locks: the OFD byte-range locks QEMU 7.2, qemu-img and jvirt take on
 * image files so that none of them writes an image another one uses. {@link
 * io.jvirt.image.lock.ImageAccess} says what a user of an image asks for (qemu-img's open
 * flags), {@link io.jvirt.image.lock.QemuPerms} derives the permissions each file of the
 * chain then holds and shares (QEMU's block-layer rules), and {@link
 * io.jvirt.image.lock.ImageLock} takes them on a descriptor kept open while the image is used.
 * {@link io.jvirt.image.Images} does this at every open and create.
 */
package io.jvirt.image.lock;
