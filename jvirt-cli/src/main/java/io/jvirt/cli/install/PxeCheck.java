package io.jvirt.cli.install;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.network.IpDef;
import io.jvirt.conf.network.NetworkDef;

import java.util.Optional;

/**
 * Whether a {@code --pxe} guest can expect an answer to its network boot, as virt-install's
 * warning judges it: the first card that is not user networking decides; a card on a host bridge
 * (or a direct one) is trusted, since the servers there are out of jvirt's sight; a card on a
 * jvirt network needs that network to hand out a boot file ({@code <dhcp><bootp file=.../>}),
 * because jvirt's own dnsmasq is the only DHCP server on a bridge the network owns.
 */
final class PxeCheck {
    private PxeCheck() {
    }

    /**
     * The warning for the plan's notes, if the guest's network is unlikely to answer a PXE boot.
     *
     * @param guest the install boot's definition
     * @param host where networks are looked up
     * @return the note, or empty when PXE looks possible
     */
    static Optional<String> note(DomainDef guest, HostFacts host) {
        for (InterfaceDef nic : guest.devices().interfaces()) {
            switch (nic.backend()) {
                case NetBackend.User u -> {
                    continue;
                }
                case NetBackend.Network n -> {
                    return host.networkBootable(n.network()) ? Optional.empty() : Optional.of("WARNING The network '"
                            + n.network() + "' hands out no boot file, so the guest's PXE boot may find nothing: add "
                            + "<tftp root='DIR'/> and <dhcp><bootp file='FILE'/></dhcp> to it with jvirt net-edit "
                            + n.network() + ".");
                }
                case NetBackend.Bridge b -> {
                    return Optional.empty();
                }
                case NetBackend.Direct d -> {
                    return Optional.empty();
                }
                case NetBackend.Ethernet e -> {
                    return Optional.empty();
                }
                case NetBackend.VhostUser v -> {
                    return Optional.empty();
                }
                case NetBackend.Socket s -> {
                    return Optional.empty();
                }
                case NetBackend.Hostdev h -> {
                    return Optional.empty();
                }
                case NetBackend.Vdpa v -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of("WARNING The guest has no network card that can boot from the network (user networking "
                + "offers no PXE server); give --network network=NAME or bridge=BRIDGE.");
    }

    /**
     * Whether guests on a network can boot from it.
     *
     * @param net the network's definition
     * @return true for a host bridge, or when an address of the network hands out a boot file
     */
    static boolean bootable(NetworkDef net) {
        if (!net.forwardMode().ownsBridge()) {
            return true;
        }
        for (IpDef ip : net.ips()) {
            if (ip.dhcp() != null && ip.dhcp().bootp() != null && ip.hasDhcp()) {
                return true;
            }
        }
        return false;
    }
}
