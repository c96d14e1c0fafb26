package io.jvirt.qemu.probe;

import io.jvirt.qemu.argv.Accel;

import java.util.Objects;

/**
 * The accelerator the daemon should give its guests, and why.
 *
 * @param accel KVM when hardware virtualization really boots guests here, otherwise TCG
 * @param reason a whole sentence a user can read, such as "KVM is unusable on this host: a test
 *               guest did not finish booting within 3 s under /dev/kvm; using TCG software emulation."
 */
public record AccelResult(Accel accel, String reason) {
    /** Checks that both parts are present. */
    public AccelResult {
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(reason, "reason");
    }
}
