package io.jvirt.daemon.network;

import io.jvirt.api.DhcpLease;
import io.jvirt.api.DomainInterface;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.HostdevSource;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.DomainObj;
import java.util.ArrayList;
import java.util.List;

/** Answers {@code domiflist} and {@code domifaddr}: a domain's cards, with addresses from the DHCP leases. */
public final class DomainInterfaces {
    private final NetworkService networks;

    public DomainInterfaces(NetworkService networks) {
        this.networks = networks;
    }

    /**
     * The cards of a domain: live while it runs (with tap names), else as defined.
     *
     * @param d the domain
     * @param addresses whether to look up each card's leased addresses
     * @return one entry per card, in definition order
     */
    public List<DomainInterface> of(DomainObj d, boolean addresses) {
        return of(d, addresses, false);
    }

    /**
     * The domain's network cards; with {@code inactive}, those of its persistent definition (the
     * next boot's, virsh's {@code domiflist --inactive}), without live names or addresses.
     */
    public List<DomainInterface> of(DomainObj d, boolean addresses, boolean inactive) {
        boolean next = inactive && d.persistentDef() != null;
        DomainDef def = next ? d.persistentDef() : d.currentDef();
        boolean running = d.liveDef() != null && !next;
        List<DomainInterface> out = new ArrayList<>();
        for (InterfaceDef n : def.devices().interfaces()) {
            String source = switch (n.backend()) {
                case NetBackend.User u -> null;
                case NetBackend.Network net -> net.network();
                case NetBackend.Bridge br -> br.bridge();
                case NetBackend.Ethernet e -> null;
                case NetBackend.Direct dir -> dir.dev();
                case NetBackend.VhostUser v -> v.path();
                case NetBackend.Socket sock -> (sock.address() == null ? "" : sock.address().toString()) + ":"
                        + sock.port();
                case NetBackend.Hostdev h -> switch (h.source()) {
                    case HostdevSource.Pci p -> p.host().sysfsName();
                    case HostdevSource.Usb usb -> usb.hasAddress() ? usb.bus() + ":" + usb.device()
                            : String.format("%04x:%04x", usb.vendor(), usb.product());
                    case HostdevSource.Scsi sc -> null;
                    case HostdevSource.ScsiHost sh -> null;
                    case HostdevSource.Mdev md -> null;
                };
                case NetBackend.Vdpa v -> v.dev();
            };
            List<String> addrs = List.of();
            if (addresses && running && n.backend() instanceof NetBackend.Network net) {
                addrs = leased(net.network(), n.mac());
            }
            out.add(new DomainInterface(running ? n.targetDev() : null, n.backend().type(), source,
                    n.model() == null ? "rtl8139" : n.model().xml(), n.mac(), n.linkUp(), addrs));
        }
        return out;
    }

    private List<String> leased(String network, String mac) {
        try {
            return networks.leases(network, mac).stream().map(DhcpLease::address).toList();
        } catch (DaemonException inactiveOrGone) {
            return List.of();
        }
    }
}
