package io.jvirt.conf.network;

/** How a virtual network reaches the outside: the {@code mode} of {@code <forward>}, or none. */
public enum ForwardMode {
    /** Guests' IPv4 traffic is masqueraded behind the host's address; IPv6 is routed. */
    NAT("nat"),
    /** Guests' traffic is routed by the host without address translation, behind firewall rules. */
    ROUTE("route"),
    /** Guests' traffic is routed by the host, and no firewall rules are added at all. */
    OPEN("open"),
    /** Guests join an existing host bridge (or macvtap devices); the host adds no addresses or services. */
    BRIDGE("bridge"),
    /** No {@code <forward>}: guests reach each other and the host only. */
    ISOLATED("isolated");

    private final String label;

    ForwardMode(String label) {
        this.label = label;
    }

    /** Returns the mode as written in {@code <forward mode>}, or "isolated" for a network without forwarding. */
    public String label() {
        return label;
    }

    /**
     * Returns whether the network has its own bridge that the host creates and addresses
     * (nat, route, open and isolated), as opposed to joining an existing one.
     */
    public boolean ownsBridge() {
        return switch (this) {
            case NAT, ROUTE, OPEN, ISOLATED -> true;
            case BRIDGE -> false;
        };
    }
}
