package io.jvirt.daemon.host;

import io.jvirt.qemu.probe.AccelProbe;
import io.jvirt.qemu.probe.AccelResult;
import io.jvirt.qemu.probe.TestGuest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bridges the daemon's {@link AccelChooser} to the QEMU driver's {@link AccelProbe}: the
 * probe boots real code (and the test guest's kernel when one is known) under KVM, and its
 * answer is cached in a host-wide file keyed by kernel and QEMU versions.
 */
final class KvmProbeAdapter {
    private KvmProbeAdapter() {
    }

    static AccelChooser.Choice probe(Path cacheFile, String emulator, Path guestKernel) {
        AccelProbe.Config config = AccelProbe.Config.defaults()
                .withQemu(emulator, Path.of("/dev/kvm"))
                .withCacheFile(cacheFile);
        try {
            config = config.withForced(AccelProbe.Config.forcedBy(System.getenv()));
        } catch (RuntimeException bad) {
            java.util.logging.Logger.getLogger(KvmProbeAdapter.class.getName())
                    .warning(bad.getMessage() + " The setting is ignored and KVM is probed.");
        }
        if (guestKernel != null) {
            TestGuest guest = TestGuest.in(guestKernel.toAbsolutePath().getParent());
            if (Files.exists(guest.kernel()) && Files.exists(guest.initrd())) {
                config = config.withGuest(guest);
            }
        }
        AccelResult r = new AccelProbe(config).result();
        return new AccelChooser.Choice(r.accel(), r.reason());
    }

    /** The host-wide cache of the probe's answer: /var/cache/jvirt for root, ~/.cache/jvirt otherwise. */
    static Path defaultCacheFile() {
        return io.jvirt.daemon.DaemonConfig.cacheDir().resolve("accel-probe.properties");
    }
}
