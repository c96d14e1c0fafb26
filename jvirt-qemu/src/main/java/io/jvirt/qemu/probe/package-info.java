/**
 * Host capability probes: {@link io.jvirt.qemu.probe.AccelProbe} decides between KVM and TCG
 * by booting something under KVM, and caches the answer.
 */
package io.jvirt.qemu.probe;
