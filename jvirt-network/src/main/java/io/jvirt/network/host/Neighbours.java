package io.jvirt.network.host;

import io.jvirt.network.NetworkException;
import io.jvirt.sys.Command;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host's IPv4 neighbour (ARP) table, as {@code ip -4 neigh show} prints it for the network
 * namespace the daemon runs in: what {@code domifaddr --source arp} reads, as libvirt's
 * virArpTableGet reads it over netlink. {@link #parse} is pure; {@link #read} only runs the tool.
 */
public final class Neighbours {
    /** The states libvirt takes an entry in: the kernel confirmed the address, now or lately. */
    private static final Set<String> CONFIRMED = Set.of("REACHABLE", "STALE");

    /**
     * One entry of the table.
     *
     * @param address the IPv4 address
     * @param mac the link-layer address, lower case, or null when the kernel has none (yet)
     * @param device the host interface the neighbour is on
     * @param state the kernel's state word ({@code REACHABLE}, {@code STALE}, {@code FAILED}...), or
     *     empty when none was printed
     */
    public record Entry(String address, String mac, String device, String state) {
        /** Whether libvirt would report it: a MAC, and reachable or stale (or no state at all). */
        public boolean confirmed() {
            return mac != null && (state.isEmpty() || CONFIRMED.contains(state));
        }
    }

    private Neighbours() {
    }

    /** Reads the table with {@code ip -4 neigh show}. */
    public static List<Entry> read() {
        Command.Result r;
        try {
            r = Command.run(List.of("ip", "-4", "neigh", "show"));
        } catch (UncheckedIOException e) {
            throw new NetworkException(NetworkException.Kind.HOST_FAILURE, "Cannot run 'ip' to read the host's "
                    + "neighbour table: " + e.getMessage() + "; install iproute2.", e);
        }
        if (!r.ok()) {
            throw new NetworkException(NetworkException.Kind.HOST_FAILURE, "'ip -4 neigh show' failed: "
                    + r.stderr().strip() + ".");
        }
        return parse(r.stdout());
    }

    /**
     * The entries of {@code ip -4 neigh show}'s output, one a line such as
     * {@code 10.0.0.5 dev br0 lladdr 52:54:00:12:34:56 REACHABLE}; lines it cannot read are left out.
     */
    public static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String[] t = line.strip().split("\\s+");
            if (t.length < 3 || !t[0].matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                continue;
            }
            String dev = null;
            String mac = null;
            String state = "";
            for (int i = 1; i < t.length; i++) {
                switch (t[i]) {
                    case "dev" -> dev = i + 1 < t.length ? t[++i] : null;
                    case "lladdr" -> mac = i + 1 < t.length ? t[++i].toLowerCase(Locale.ROOT) : null;
                    default -> {
                        if (t[i].equals(t[i].toUpperCase(Locale.ROOT)) && t[i].chars().allMatch(Character::isLetter)) {
                            state = t[i];
                        }
                    }
                }
            }
            if (dev != null) {
                out.add(new Entry(t[0], mac, dev, state));
            }
        }
        return out;
    }
}
