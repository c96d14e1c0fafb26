/**
 * What QEMU must be told to change a running machine's devices, as pure functions of the live
 * definition before and after the change: {@link io.jvirt.qemu.hotplug.HotplugPlan} renders the
 * command line of both with {@link io.jvirt.qemu.argv.QemuArgv} and turns the difference into
 * {@code blockdev-add}, {@code netdev_add}, {@code object-add} and {@code device_add} steps (or
 * {@code device_del} and the clean-up that follows it), so a hot-added device gets exactly the
 * properties it would have had at start. Failures are {@link io.jvirt.qemu.hotplug.HotplugException}.
 */
package io.jvirt.qemu.hotplug;
