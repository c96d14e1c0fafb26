package io.jvirt.network;

import io.jvirt.conf.network.NetworkDef;
import io.jvirt.network.host.Dnsmasq;
import io.jvirt.network.render.DnsmasqFiles;

/**
 * A started network as the driver left it: exactly what {@link NetworkDriver#stop} must
 * remove again.
 *
 * @param live the live definition (bridge name assigned)
 * @param createdBridge whether start created the bridge (false for forward mode bridge, which uses a host bridge)
 * @param table the nftables table start loaded, or null
 * @param dnsmasq the dnsmasq start launched, or null
 * @param files where the dnsmasq files are
 */
public record ActiveNetwork(NetworkDef live, boolean createdBridge, String table, Dnsmasq.Handle dnsmasq,
                            DnsmasqFiles files) {

    /** Returns the bridge guests' taps are attached to. */
    public String bridge() {
        return live.bridgeName();
    }

    /** Returns this record with another live definition (after a live update). */
    public ActiveNetwork withLive(NetworkDef newLive) {
        return new ActiveNetwork(newLive, createdBridge, table, dnsmasq, files);
    }
}
