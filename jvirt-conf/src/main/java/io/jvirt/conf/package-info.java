/**
 * Hypervisor-neutral configuration model: libvirt-compatible XML definitions, parsed,
 * validated and formatted without any host I/O. {@link io.jvirt.conf.ConfException} is the
 * single failure type of the subsystem.
 */
package io.jvirt.conf;
