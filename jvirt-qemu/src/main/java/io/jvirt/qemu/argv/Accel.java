package io.jvirt.qemu.argv;

/** The accelerator QEMU runs the guest with. */
public enum Accel {
    /** Hardware virtualization through /dev/kvm. */
    KVM,
    /** QEMU's software emulator. */
    TCG;

    /** Returns the spelling QEMU uses in {@code accel=}. */
    public String qemuName() {
        return switch (this) {
            case KVM -> "kvm";
            case TCG -> "tcg";
        };
    }
}
