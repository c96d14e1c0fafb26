/** Image operations behind the qemu-img subcommands: convert, compare, map, measure, commit, rebase, resize. */
package io.jvirt.image.ops;
