package io.jvirt.it.virtinst;

import io.jvirt.it.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code devices} flavour of the test guest (Debian's standard kernel, whose drivers cover the
 * hardware QEMU emulates for x86), built once and cached by scripts/build-test-guest.sh in
 * {@code <jvirt.testGuest>-devices}, or where {@code jvirt.testGuestDevices} says.
 */
final class DevicesGuest {

    private static GuestBoot.Kernel kernel;

    private DevicesGuest() {
    }

    /** Builds the guest when it is missing or stale, and returns its kernel files. */
    static synchronized GuestBoot.Kernel kernel() throws Exception {
        if (kernel != null) {
            return kernel;
        }
        String base = System.getProperty("jvirt.testGuest", System.getenv("JVIRT_TEST_GUEST"));
        if (base == null || base.isBlank()) {
            base = "/var/cache/jvirt/guest";
        }
        Path dir = Path.of(System.getProperty("jvirt.testGuestDevices", base.replaceAll("/+$", "") + "-devices"));
        Path script = TestGuest.repoRoot().resolve("scripts/build-test-guest.sh");
        Process p = new ProcessBuilder("bash", script.toString(), dir.toString(), "devices").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("building the devices test guest in " + dir + " failed; see the output above.");
        }
        GuestBoot.Kernel k = new GuestBoot.Kernel(dir.resolve("vmlinuz"), dir.resolve("vmlinux"), dir.resolve("initrd.img"));
        for (Path f : new Path[] {k.bzImage(), k.elf(), k.initrd()}) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException("the devices test guest in " + dir + " has no " + f.getFileName() + ".");
            }
        }
        kernel = k;
        return k;
    }
}
