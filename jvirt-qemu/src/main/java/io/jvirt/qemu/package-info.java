/** jvirt qemu. */
package io.jvirt.qemu;
