/**
 * What an installed QEMU binary can do, asked of QEMU itself: {@link io.jvirt.qemu.caps.QemuCapsProbe}
 * starts it once with {@code -machine none} and asks QMP (machine types, CPU models and their
 * features, device and backend types, TPM models, SEV/SGX), {@link io.jvirt.qemu.caps.QemuCapsParser}
 * turns the answers into a {@link io.jvirt.qemu.caps.QemuCaps} (pure), and
 * {@link io.jvirt.qemu.caps.QemuCapsCache} keeps it per binary path and modification time.
 * {@link io.jvirt.qemu.caps.CpuModelChooser} picks the named CPU model closest to a feature set.
 */
package io.jvirt.qemu.caps;
