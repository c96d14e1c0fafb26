package io.jvirt.daemon.host;

import io.jvirt.conf.domain.DomainType;
import io.jvirt.qemu.argv.Accel;

import java.nio.file.Path;

/**
 * Chooses KVM only when a probe showed that KVM really boots a guest on this host; the
 * probe runs once, the first time a KVM domain starts (or the host is queried), and its
 * answer is cached by the probe itself.
 */
public final class ProbingAccelChooser implements AccelChooser {
    private final Path stateDir;
    private final String emulator;
    private final Path guestKernel;
    private volatile Choice best;

    public ProbingAccelChooser(Path stateDir, String emulator, Path guestKernel) {
        this.stateDir = stateDir;
        this.emulator = emulator;
        this.guestKernel = guestKernel;
    }

    @Override
    public Choice choose(DomainType requested) {
        return switch (requested) {
            case QEMU -> new Choice(Accel.TCG, null);
            case KVM -> hostBest();
        };
    }

    @Override
    public Choice hostBest() {
        Choice b = best;
        if (b == null) {
            synchronized (this) {
                b = best;
                if (b == null) {
                    b = probe();
                    best = b;
                }
            }
        }
        return b;
    }

    private Choice probe() {
        return KvmProbeAdapter.probe(stateDir, emulator, guestKernel);
    }
}
