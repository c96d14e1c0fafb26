/**
 * Device addresses and controllers at define time, as libvirt 9.0 assigns them for QEMU 7.2
 * on x86: {@link io.jvirt.qemu.address.AddressAssigner#assign} is the entry point, a pure
 * function of the definition. {@link io.jvirt.qemu.address.DeviceBuses} is the table in which
 * every kind of device declares what it needs ({@link io.jvirt.qemu.address.BusNeed}): a PCI
 * slot of some kind in some phase, a USB port, a virtio-serial port, a drive unit, or nothing.
 * Failures are {@link io.jvirt.qemu.address.AddressException}. See "Addresses and controllers"
 * in docs/ARCHITECTURE.md.
 */
package io.jvirt.qemu.address;
