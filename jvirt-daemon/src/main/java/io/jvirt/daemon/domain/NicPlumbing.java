package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;

/**
 * Gives a domain's network cards their host side (tap devices on bridges) before QEMU
 * starts, and takes it away when QEMU has ended. Implemented by the network service; the
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
     * Removes the host side of the cards of a domain that has stopped. Never throws:
     * problems are logged, since the domain is gone either way.
     *
     * @param domain the domain name
     * @param live the live definition {@link #plug} returned
     */
    void unplug(String domain, DomainDef live);

    /** Plumbing for a daemon without the network driver: cards are passed through unchanged. */
    NicPlumbing NONE = new NicPlumbing() {
        @Override
        public DomainDef plug(String domain, DomainDef def) {
            return def;
        }

        @Override
        public void unplug(String domain, DomainDef live) {
        }
    };
}
