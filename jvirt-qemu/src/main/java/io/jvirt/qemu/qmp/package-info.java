/**
 * A client of the QEMU Machine Protocol (QMP) over a UNIX socket.
 *
 * <p>{@link io.jvirt.qemu.qmp.QmpClient} connects (retrying until QEMU has created the
 * socket), negotiates capabilities, runs id-tagged commands from any thread, delivers
 * asynchronous {@link io.jvirt.qemu.qmp.QmpEvent}s in order on one virtual thread and reports
 * the end of the connection, the earliest sign that QEMU exited. Every failure is a
 * {@link io.jvirt.qemu.qmp.QmpException} with a stable kind and a whole-sentence message.
 */
package io.jvirt.qemu.qmp;
