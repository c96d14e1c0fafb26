package io.jvirt.network.host;

import java.util.ArrayList;
import java.util.List;

/**
 * One DHCP lease from a dnsmasq lease file.
 *
 * @param expiryEpochSeconds when the lease ends, in seconds since the epoch (0 = never)
 * @param mac the client's MAC address in lower case, or null for a DHCPv6 lease
 * @param ip the leased address
 * @param hostname the name the client sent, or null
 * @param clientId the client identifier (DHCPv4) or IAID (DHCPv6), or null
 * @param ipv6 true for a DHCPv6 lease
 */
public record Lease(long expiryEpochSeconds, String mac, String ip, String hostname, String clientId, boolean ipv6) {

    /**
     * Parses a dnsmasq lease file: IPv4 lines {@code expiry mac ip name clientid}, then after
     * a {@code duid} line, IPv6 lines {@code expiry iaid ip name duid}. {@code *} means none.
     * Lines that do not fit are skipped; the file is dnsmasq's, not user input.
     *
     * @param text the file contents
     * @return the leases in file order
     */
    public static List<Lease> parse(String text) {
        List<Lease> out = new ArrayList<>();
        boolean v6 = false;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 1 && f[0].equals("duid")) {
                v6 = true;
                continue;
            }
            if (f.length < 4) {
                continue;
            }
            long expiry;
            try {
                expiry = Long.parseLong(f[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            String name = f[3].equals("*") ? null : f[3];
            String last = f.length > 4 && !f[4].equals("*") ? f[4] : null;
            if (v6) {
                out.add(new Lease(expiry, null, f[2], name, f[1], true));
            } else {
                out.add(new Lease(expiry, f[1].toLowerCase(java.util.Locale.ROOT), f[2], name, last, false));
            }
        }
        return out;
    }
}
