package io.jvirt.daemon.host;

import io.jvirt.conf.domain.DomainType;
import io.jvirt.qemu.argv.Accel;

import java.nio.file.Path;

/**
 * Chooses KVM only when a probe showed that KVM really boots a guest on this host; the
 * probe runs once per daemon (in the background from start-up) and its answer is also
 * cached host-wide by the probe itself, keyed by kernel and QEMU versions.
 */
public final class ProbingAccelChooser implements AccelChooser {
    private final String emulator;
    private final Path guestKernel;
    private volatile Choice best;

    public ProbingAccelChooser(String emulator, Path guestKernel) {
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
        try {
            java.nio.file.Files.createDirectories(KvmProbeAdapter.defaultCacheFile().getParent());
        } catch (java.io.IOException e) {
            // the probe then simply runs without a cache
        }
        return KvmProbeAdapter.probe(KvmProbeAdapter.defaultCacheFile(), emulator, guestKernel);
    }
}
