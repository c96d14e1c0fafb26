/**
 * Command lines of the helper processes a domain needs beside QEMU, as pure functions:
 * {@link io.jvirt.qemu.helper.VirtiofsdCommand} for a virtiofs share and
 * {@link io.jvirt.qemu.helper.SwtpmCommand} for an emulated TPM. The daemon runs them.
 */
package io.jvirt.qemu.helper;
