package io.jvirt.network.render;

import java.util.regex.Pattern;

/**
 * The unprivileged user and group dnsmasq drops to after binding its sockets. jvirt names
 * them in the configuration ({@code user=}, {@code group=}) rather than trusting the
 * compiled-in defaults (Debian's dnsmasq picks group {@code dip}, Fedora's user {@code
 * dnsmasq}), because the hosts files are made readable by exactly this group.
 *
 * @param user the user name
 * @param group the group name
 */
public record DnsmasqUser(String user, String group) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    /** Validates the names (they go into the configuration file verbatim). */
    public DnsmasqUser {
        for (String n : new String[] {user, group}) {
            if (n == null || !NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("'" + n + "' is not a valid user or group name for dnsmasq");
            }
        }
    }
}
