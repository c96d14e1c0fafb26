package io.jvirt.network.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Read-only facts about the host's network devices and routes, from {@code /sys} and
 * {@code /proc} (no process is spawned). Used for conflict checks before anything changes.
 */
public final class HostInterfaces {
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private HostInterfaces() {
    }

    /**
     * A route of the main or any table as the kernel lists it.
     *
     * @param device the output device
     * @param destination the destination network address (4 or 16 bytes)
     * @param prefix the prefix length
     */
    public record Route(String device, byte[] destination, int prefix) {
    }

    /** True when a network device of this name exists. */
    public static boolean exists(String name) {
        return Files.exists(SYS_NET.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** True when the device exists and is a Linux bridge. */
    public static boolean isBridge(String name) {
        return Files.isDirectory(SYS_NET.resolve(name).resolve("bridge"));
    }

    /** True when the bridge filters VLANs ({@code vlan_filtering 1}). */
    public static boolean vlanFiltering(String bridge) {
        try {
            return Files.readString(SYS_NET.resolve(bridge).resolve("bridge/vlan_filtering")).strip().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    /** The bridge a device is enslaved to, or null. */
    public static String masterOf(String device) {
        Path link = SYS_NET.resolve(device).resolve("master");
        try {
            return Files.readSymbolicLink(link).getFileName().toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** All device names. */
    public static Set<String> names() {
        Set<String> out = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(SYS_NET)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            // no sysfs: nothing to report
        }
        return out;
    }

    /**
     * The first name {@code prefix + N} (N from 0) that is neither a device nor in {@code taken}.
     *
     * @param prefix such as {@code vnet} or {@code jvirtbr}
     * @param taken names reserved by the caller but perhaps not created yet
     * @return the name
     */
    public static String freeName(String prefix, Set<String> taken) {
        Set<String> present = names();
        for (int i = 0; ; i++) {
            String n = prefix + i;
            if (!present.contains(n) && !taken.contains(n)) {
                return n;
            }
        }
    }

    /** The IPv4 and IPv6 routes the kernel lists in {@code /proc/net}, except those of loopback. */
    public static List<Route> routes() {
        return parseRoutes(read("/proc/net/route"), read("/proc/net/ipv6_route"));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return ""; // no such table (IPv6 disabled): no routes
        }
    }

    /**
     * Parses the kernel's route tables: {@code /proc/net/route} (a header line, then
     * little-endian hex destination and mask per route) and {@code /proc/net/ipv6_route}
     * (hex destination, hex prefix length, ..., device last). Malformed lines are skipped.
     *
     * @param ipv4 the text of /proc/net/route
     * @param ipv6 the text of /proc/net/ipv6_route
     * @return the routes
     */
    static List<Route> parseRoutes(String ipv4, String ipv6) {
        List<Route> out = new ArrayList<>();
        ipv4.lines().skip(1).forEach(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && !f[0].equals("lo")) {
                try {
                    out.add(new Route(f[0], littleEndian(f[1]), Integer.bitCount((int) Long.parseLong(f[7], 16))));
                } catch (IllegalArgumentException malformed) {
                    // skipped
                }
            }
        });
        ipv6.lines().forEach(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 10 && !f[9].equals("lo")) {
                try {
                    out.add(new Route(f[9], HexFormat.of().parseHex(f[0]), Integer.parseInt(f[1], 16)));
                } catch (IllegalArgumentException malformed) {
                    // skipped
                }
            }
        });
        return out;
    }

    private static byte[] littleEndian(String hex8) {
        byte[] b = HexFormat.of().parseHex(hex8);
        return new byte[] {b[3], b[2], b[1], b[0]};
    }
}
