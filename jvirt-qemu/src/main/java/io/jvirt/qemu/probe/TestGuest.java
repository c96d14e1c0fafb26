package io.jvirt.qemu.probe;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The jvirt test guest built by {@code scripts/build-test-guest.sh}: a kernel and an
 * initramfs whose init prints {@value #READY_LINE} on ttyS0 once userspace runs.
 *
 * @param kernel the {@code vmlinuz} file
 * @param initrd the {@code initrd.img} file
 */
public record TestGuest(Path kernel, Path initrd) {
    /** The line the guest prints on its serial console when it has booted. */
    public static final String READY_LINE = "JVIRT-GUEST-READY";

    /** Checks that both paths are present. */
    public TestGuest {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
    }

    /** Returns the guest built into {@code dir} ({@code dir/vmlinuz}, {@code dir/initrd.img}). */
    public static TestGuest in(Path dir) {
        return new TestGuest(dir.resolve("vmlinuz"), dir.resolve("initrd.img"));
    }
}
