/** {@code jvirt img}: qemu-img compatible subcommands over the jvirt-image engine. */
package io.jvirt.cli.img;
