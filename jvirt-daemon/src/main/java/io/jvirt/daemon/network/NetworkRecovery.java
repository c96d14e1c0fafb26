package io.jvirt.daemon.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.NetworkXml;
import io.jvirt.network.ActiveNetwork;
import io.jvirt.network.NetworkDriver;
import io.jvirt.network.NetworkException;
import io.jvirt.network.host.Dnsmasq;
import io.jvirt.network.host.HostInterfaces;
import io.jvirt.network.render.DnsmasqFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What a starting daemon finds of the networks an earlier daemon ran: one whose bridge and
 * dnsmasq are still there is taken over as it is; one that lost a piece, or whose record is
 * unreadable, is cleaned up; one an older jvirt started with dnsmasq's hosts files in the
 * (now private) run directory gets its dnsmasq moved to the layout a start makes today.
 */
final class NetworkRecovery {
    private static final Logger LOG = Logger.getLogger(NetworkRecovery.class.getName());

    private final NetworkDriver driver;
    private final NetworkRuntimeStore runtime;

    NetworkRecovery(NetworkDriver driver, NetworkRuntimeStore runtime) {
        this.driver = driver;
        this.runtime = runtime;
    }

    /**
     * Takes over the network of one run directory.
     *
     * @param f the run directory found
     * @return the running network, or null when nothing of it runs any more (its leftovers are removed)
     */
    ActiveNetwork recover(NetworkRuntimeStore.Found f) {
        NetworkRuntimeStore.Record r = f.record();
        if (r == null) {
            clear(f);
            return null;
        }
        DnsmasqFiles files = r.files(f.dir());
        NetworkDef live;
        try {
            live = NetworkXml.parse(f.liveXml());
        } catch (ConfException bad) {
            LOG.warning("cleaning up unreadable network run directory " + f.dir() + ": " + bad.getMessage());
            driver.cleanup(r.createdBridge() ? r.bridge() : null, r.table(), files);
            clear(f);
            return null;
        }
        Dnsmasq.Handle dns = r.dnsmasqPid() > 0 ? new Dnsmasq.Handle(r.dnsmasqPid(), r.dnsmasqStartTime()) : null;
        boolean bridgeThere = !r.createdBridge() || HostInterfaces.exists(r.bridge());
        boolean dnsThere = dns == null || dns.alive();
        if (!bridgeThere || !dnsThere) {
            LOG.warning("network " + live.name() + " lost its " + (bridgeThere ? "dnsmasq" : "bridge")
                    + " while the daemon was away; removing its leftovers (start it again with 'jvirt net-start "
                    + live.name() + "')");
            driver.cleanup(r.createdBridge() ? r.bridge() : null, r.table(), files);
            clear(f);
            return null;
        }
        ActiveNetwork a = new ActiveNetwork(live, r.createdBridge(), r.table(), dns, files);
        if (dns != null && files.hostsRoot() == null) {
            return moveDnsmasq(f, a);
        }
        LOG.info("network " + live.name() + " is still active (bridge " + r.bridge()
                + (dns != null ? ", dnsmasq pid " + dns.pid() : "") + ")");
        return a;
    }

    /**
     * Restarts the dnsmasq of a network an earlier jvirt started with its hosts files in the
     * run directory, which is private now, on files laid out as a start lays them out today.
     */
    private ActiveNetwork moveDnsmasq(NetworkRuntimeStore.Found f, ActiveNetwork old) {
        String name = old.live().name();
        DnsmasqFiles files = runtime.files(f.uuid());
        try {
            ActiveNetwork a = driver.restartDnsmasq(old, files);
            runtime.save(f.uuid(), a);
            LOG.info("network " + name + ": dnsmasq restarted (pid " + a.dnsmasq().pid() + ") to read its hosts files "
                    + "from " + a.files().hostsDir() + " instead of the state directory");
            return a;
        } catch (NetworkException | IOException e) {
            LOG.warning("network " + name + " was stopped: its dnsmasq could not be moved out of the state directory ("
                    + e.getMessage() + "); start it again with 'jvirt net-start " + name + "'");
            driver.cleanup(old.createdBridge() ? old.bridge() : null, old.table(), files);
            clear(f);
            return null;
        }
    }

    /** Removes this daemon's hosts directories that none of {@code active} uses (a crash left them). */
    void removeStrays(Collection<ActiveNetwork> active) {
        Set<Path> inUse = new HashSet<>();
        for (ActiveNetwork a : active) {
            inUse.add(a.files().hostsDir());
        }
        try {
            runtime.removeStrayHostsDirs(inUse);
        } catch (IOException e) {
            LOG.warning("cannot remove dnsmasq hosts directories left by a crash: " + e.getMessage());
        }
    }

    private void clear(NetworkRuntimeStore.Found f) {
        try {
            runtime.clear(f.uuid());
        } catch (IOException e) {
            LOG.warning("cannot remove the run directory of network " + f.uuid() + ": " + e.getMessage());
        }
    }
}
