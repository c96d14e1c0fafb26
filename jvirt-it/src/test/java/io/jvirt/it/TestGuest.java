package io.jvirt.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The busybox test guest, built (once, cached) by scripts/build-test-guest.sh; never skipped. */
public final class TestGuest {
    static final String READY = "JVIRT-GUEST-READY";
    private static Path dir;
    private static Path genericDir;
    private static Path agentDir;

    private TestGuest() {
    }

    static synchronized Path dir() throws Exception {
        if (dir != null) {
            return dir;
        }
        String configured = System.getProperty("jvirt.testGuest", System.getenv("JVIRT_TEST_GUEST"));
        Path d = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("/var/cache/jvirt/guest");
        Path repo = repoRoot();
        Process p = new ProcessBuilder("bash", repo.resolve("scripts/build-test-guest.sh").toString(), d.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("building the test guest failed; see the output above.");
        }
        if (!Files.exists(d.resolve("vmlinuz")) || !Files.exists(d.resolve("initrd.img"))) {
            throw new IllegalStateException("the test guest in " + d + " is incomplete.");
        }
        dir = d;
        return d;
    }

    /**
     * The test guest on Debian's generic kernel, which has the 9p modules the cloud kernel lacks:
     * {@code -Djvirt.testGuestGeneric}, JVIRT_TEST_GUEST_GENERIC or /var/cache/jvirt/guest-generic.
     */
    static synchronized Path genericDir() throws Exception {
        if (genericDir != null) {
            return genericDir;
        }
        String configured = System.getProperty("jvirt.testGuestGeneric", System.getenv("JVIRT_TEST_GUEST_GENERIC"));
        Path d = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("/var/cache/jvirt/guest-generic");
        Process p = new ProcessBuilder("bash", repoRoot().resolve("scripts/build-test-guest.sh").toString(),
                d.toString(), "generic").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("building the generic-kernel test guest failed; see the output above.");
        }
        genericDir = d;
        return d;
    }

    /**
     * The test guest with Debian's QEMU guest agent (qemu-ga), started by its init on the
     * org.qemu.guest_agent.0 port: {@code -Djvirt.testGuestAgent}, JVIRT_TEST_GUEST_AGENT or
     * /var/cache/jvirt/guest-agent (build-test-guest.sh's agent flavour).
     */
    static synchronized Path agentDir() throws Exception {
        if (agentDir != null) {
            return agentDir;
        }
        String configured = System.getProperty("jvirt.testGuestAgent", System.getenv("JVIRT_TEST_GUEST_AGENT"));
        Path d = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("/var/cache/jvirt/guest-agent");
        Process p = new ProcessBuilder("bash", repoRoot().resolve("scripts/build-test-guest.sh").toString(),
                d.toString(), "agent").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("building the guest-agent test guest failed; see the output above.");
        }
        agentDir = d;
        return d;
    }

    /** The repository's root directory (where scripts/ is), found from the working directory upward. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/build-test-guest.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A domain XML booting the test guest from kernel + initrd. */
    static String xml(String name, String extraDevices) throws Exception {
        return xml(name, extraDevices, "");
    }

    /** A domain XML booting the test guest, with more kernel command-line switches (such as jvirt.dhcp=1). */
    static String xml(String name, String extraDevices, String extraCmdline) throws Exception {
        return xml(dir(), name, extraDevices, extraCmdline);
    }

    /** A domain XML booting the test guest in {@code d} (see {@link #genericDir()}). */
    static String xml(Path d, String name, String extraDevices, String extraCmdline) {
        return """
                <domain type='kvm'>
                  <name>%s</name>
                  <memory unit='MiB'>192</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1 quiet%s</cmdline>
                  </os>
                  <features><acpi/></features>
                  <devices>
                    <serial type='pty'><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                    %s
                  </devices>
                </domain>
                """.formatted(name, d.resolve("vmlinuz"), d.resolve("initrd.img"),
                extraCmdline.isEmpty() ? "" : " " + extraCmdline, extraDevices);
    }
}
