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

    /** The IPv4 and IPv6 routes of all tables the kernel lists in {@code /proc/net}, except host routes of loopback. */
    public static List<Route> routes() {
        List<Route> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) {
                    continue;
                }
                byte[] dst = littleEndian(f[1]);
                int prefix = Integer.bitCount((int) Long.parseLong(f[7], 16));
                out.add(new Route(f[0], dst, prefix));
            }
        } catch (IOException | RuntimeException e) {
            // no IPv4 routing table readable: report none
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/ipv6_route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || f[9].equals("lo")) {
                    continue;
                }
                out.add(new Route(f[9], HexFormat.of().parseHex(f[0]), Integer.parseInt(f[1], 16)));
            }
        } catch (IOException | RuntimeException e) {
            // no IPv6
        }
        return out;
    }

    private static byte[] littleEndian(String hex8) {
        byte[] b = HexFormat.of().parseHex(hex8);
        return new byte[] {b[3], b[2], b[1], b[0]};
    }
}
