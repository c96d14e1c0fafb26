package io.jvirt.daemon.network;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.GuestInterface;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.network.NetworkException;
import io.jvirt.network.host.Neighbours;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code domifaddr --source arp}: a running domain's addresses from the host's neighbour table,
 * as libvirt's virDomainNetARPInterfaces finds them: every confirmed IPv4 entry (reachable or
 * stale) whose MAC is one of the domain's cards gives one interface line (the card's host
 * device, its MAC, the address with prefix 0, since the table does not know it). The table is
 * read through a seam ({@link Neighbours#read} in the daemon, a fixed list in tests).
 */
public final class ArpAddresses {
    private final Supplier<List<Neighbours.Entry>> table;

    /** Reads the neighbour table of the daemon's network namespace. */
    public ArpAddresses() {
        this(Neighbours::read);
    }

    /** Reads the table that {@code table} gives. */
    public ArpAddresses(Supplier<List<Neighbours.Entry>> table) {
        this.table = table;
    }

    /**
     * The addresses of a running domain's cards, in card order then table order.
     *
     * @throws DaemonException INVALID_STATE when the domain does not run, HOST_RESOURCE when the
     *     table cannot be read
     */
    public List<GuestInterface> of(DomainObj d) {
        return of(d.name(), d.liveDef());
    }

    /**
     * The addresses of the cards of a domain's live definition (null: the domain does not run).
     *
     * @throws DaemonException INVALID_STATE when {@code live} is null, HOST_RESOURCE when the
     *     table cannot be read
     */
    public List<GuestInterface> of(String domain, DomainDef live) {
        if (live == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + domain + "' is not running; its "
                    + "addresses are in the neighbour table only while it runs.");
        }
        List<Neighbours.Entry> entries;
        try {
            entries = table.get();
        } catch (NetworkException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, e.getMessage(), e);
        }
        List<GuestInterface> out = new ArrayList<>();
        for (InterfaceDef n : live.devices().interfaces()) {
            String mac = n.mac() == null ? null : n.mac().toLowerCase(Locale.ROOT);
            for (Neighbours.Entry e : entries) {
                if (e.confirmed() && e.mac().equals(mac)) {
                    out.add(new GuestInterface(n.targetDev(), mac,
                            List.of(new GuestInterface.Address("ipv4", e.address(), 0))));
                }
            }
        }
        return out;
    }
}
