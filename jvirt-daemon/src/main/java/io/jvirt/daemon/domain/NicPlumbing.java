package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.daemon.DaemonException;
import java.util.Map;

/**
 * Gives a domain's network cards their host side (taps on bridges, plain taps, macvtaps) before
 * QEMU starts, and takes it away when QEMU has ended. Implemented by the network service; the
 * domain runner only calls it.
 */
public interface NicPlumbing {

    /**
     * Creates the host side of every card that needs one.
     *
     * @param domain the domain name, for messages
     * @param def the definition about to start
     * @return the live definition: {@code def} with each card's tap device name filled in
     * @throws io.jvirt.daemon.DaemonException when a card cannot be plugged; nothing is left behind
     */
    DomainDef plug(String domain, DomainDef def);

    /**
     * Opens the descriptors QEMU must inherit for cards it cannot open by name (a macvtap's
     * {@code /dev/tapN}); the caller closes them once QEMU has started (or failed to).
     *
     * @param domain the domain name, for messages
     * @param live the definition {@link #plug} returned
     * @return the open descriptors, by the card's position among the interfaces
     * @throws io.jvirt.daemon.DaemonException when one cannot be opened; none is left open
     */
    default Map<Integer, Integer> openTaps(String domain, DomainDef live) {
        return Map.of();
    }

    /**
     * Removes the host side of the cards of a domain that has stopped. Never throws:
     * problems are logged, since the domain is gone either way.
     *
     * @param domain the domain name
     * @param live the live definition {@link #plug} returned
     */
    void unplug(String domain, DomainDef live);

    /**
     * Gives a running card's host side other bandwidth limits ({@code domiftune}).
     *
     * @param domain the domain name, for messages
     * @param card the card as the live definition has it, with its tap and the new limits
     * @throws io.jvirt.daemon.DaemonException when the card has no host side to shape or shaping fails
     */
    void retune(String domain, InterfaceDef card);

    /** Plumbing for a daemon without the network driver: cards are passed through unchanged. */
    NicPlumbing NONE = new NicPlumbing() {
        @Override
        public DomainDef plug(String domain, DomainDef def) {
            return def;
        }

        @Override
        public void unplug(String domain, DomainDef live) {
        }

        @Override
        public void retune(String domain, InterfaceDef card) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "jvirtd runs without its "
                    + "network driver, so the bandwidth of interface " + card.mac() + " of domain '" + domain
                    + "' cannot change while it runs.");
        }
    };
}
