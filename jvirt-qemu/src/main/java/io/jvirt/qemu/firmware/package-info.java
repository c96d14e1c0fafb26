/**
 * Firmware selection from QEMU's firmware descriptors: {@link io.jvirt.qemu.firmware.FirmwareDescriptors}
 * reads them (libvirt's search order and masking), {@link io.jvirt.qemu.firmware.FirmwareResolver}
 * chooses one for a definition as libvirt 9.0 does and writes it into the live definition.
 * Failures are {@link io.jvirt.qemu.firmware.FirmwareException}.
 */
package io.jvirt.qemu.firmware;
