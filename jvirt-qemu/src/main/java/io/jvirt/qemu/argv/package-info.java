/**
 * The pure QEMU command-line builder: {@link io.jvirt.qemu.argv.QemuArgv#build} turns a
 * {@link io.jvirt.conf.domain.DomainDef} and a {@link io.jvirt.qemu.argv.LaunchContext}
 * into an argv for qemu-system-x86_64 7.2. Failures are
 * {@link io.jvirt.qemu.argv.ArgvException}.
 */
package io.jvirt.qemu.argv;
