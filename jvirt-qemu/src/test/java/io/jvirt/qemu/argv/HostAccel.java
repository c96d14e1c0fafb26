package io.jvirt.qemu.argv;

import io.jvirt.qemu.probe.AccelProbe;
import io.jvirt.qemu.probe.AccelResult;
import io.jvirt.qemu.probe.TestGuest;
import java.nio.file.Path;

/**
 * Whether KVM really works on the host running the tests, answered by the daemon's own probe
 * (a test guest or firmware payload booted under KVM with {@code -cpu host}) and cached in
 * the build directory, so that tests never depend on the CPU vendor or the nested-KVM
 * flavour of the machine they run on.
 */
final class HostAccel {
    private static volatile AccelResult result;

    private HostAccel() {
    }

    /** Returns true when the probe proved that a guest runs under KVM here. */
    static boolean kvmWorks() {
        AccelResult r = result;
        if (r == null) {
            synchronized (HostAccel.class) {
                r = result;
                if (r == null) {
                    AccelProbe.Config c = AccelProbe.Config.defaults()
                            .withCacheFile(Path.of("target", "accel-probe.properties").toAbsolutePath());
                    String guest = System.getProperty("jvirt.testGuest", System.getenv().getOrDefault("JVIRT_TEST_GUEST", ""));
                    if (!guest.isBlank()) {
                        c = c.withGuest(TestGuest.in(Path.of(guest)));
                    }
                    r = new AccelProbe(c).result();
                    System.out.println("HostAccel: " + r.reason());
                    result = r;
                }
            }
        }
        return r.accel() == Accel.KVM;
    }
}
