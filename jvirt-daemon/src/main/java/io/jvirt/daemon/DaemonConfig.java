package io.jvirt.daemon;

import java.nio.file.Path;

/**
 * How a jvirtd instance is set up.
 *
 * @param stateDir  holds definitions ({@code domains/NAME.xml}), autostart marks and the
 *                  runtime records of running domains ({@code run/UUID/})
 * @param socket    the UNIX socket the REST API listens on (mode 0600)
 * @param emulator  the QEMU binary used when a definition names none
 * @param guestKernel a kernel used by the accelerator probe to check that KVM really boots
 *                  Linux, or null to probe with a small built-in payload only
 */
public record DaemonConfig(Path stateDir, Path socket, String emulator, Path guestKernel) {
    /**
     * The directory of the {@code default} storage pool, defined on first start: {@code
     * STATE/images}, which is /var/lib/jvirt/images for root's default state directory (like
     * libvirt's /var/lib/libvirt/images).
     */
    public Path imagesDir() {
        return stateDir.resolve("images");
    }

    /** The default state directory: /var/lib/jvirt for root, ~/.local/share/jvirt otherwise. */
    public static Path defaultStateDir() {
        if (isRoot()) {
            return Path.of("/var/lib/jvirt");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "jvirt");
    }

    /** The default API socket: /run/jvirt/jvirtd.sock for root, else under XDG_RUNTIME_DIR or the state dir. */
    public static Path defaultSocket() {
        if (isRoot()) {
            return Path.of("/run/jvirt/jvirtd.sock");
        }
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "jvirt", "jvirtd.sock");
        }
        return defaultStateDir().resolve("jvirtd.sock");
    }

    /** Host-wide caches (the test guest, the accelerator probe's answer): /var/cache/jvirt for root, ~/.cache/jvirt otherwise. */
    public static Path cacheDir() {
        return isRoot() ? Path.of("/var/cache/jvirt") : Path.of(System.getProperty("user.home"), ".cache", "jvirt");
    }

    /** True when running as root, which decides the default paths. */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
