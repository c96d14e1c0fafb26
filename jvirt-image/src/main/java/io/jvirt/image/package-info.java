/**
 * Pure-Java disk image engine: format detection, raw and qcow2 images, and the image
 * operations behind {@code jvirt img}. Start at {@link io.jvirt.image.Images}.
 */
package io.jvirt.image;
