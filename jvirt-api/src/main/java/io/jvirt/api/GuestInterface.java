package io.jvirt.api;

import java.util.List;

/**
 * A network interface as the guest sees it, through the guest agent ({@code domifaddr --source
 * agent}).
 *
 * @param name the guest's name for it (eth0, lo, ...)
 * @param hwaddr its MAC address, null when the agent does not say
 * @param addresses its addresses
 */
public record GuestInterface(String name, String hwaddr, List<Address> addresses) {
    public GuestInterface {
        addresses = List.copyOf(addresses);
    }

    /**
     * One address of the interface.
     *
     * @param type ipv4 or ipv6
     * @param address the address
     * @param prefix the prefix length
     */
    public record Address(String type, String address, int prefix) {
    }
}
