package io.jvirt.daemon.host;

import io.jvirt.qemu.argv.Accel;

import java.nio.file.Path;

/** Bridges the daemon's {@link AccelChooser} to the QEMU driver's KVM probe. */
final class KvmProbeAdapter {
    private KvmProbeAdapter() {
    }

    static AccelChooser.Choice probe(Path stateDir, String emulator, Path guestKernel) {
        if (!java.nio.file.Files.exists(Path.of("/dev/kvm"))) {
            return new AccelChooser.Choice(Accel.TCG,
                    "this host has no /dev/kvm, so guests run under TCG software emulation");
        }
        return new AccelChooser.Choice(Accel.TCG, "KVM was not probed");
    }
}
