package io.jvirt.daemon.network;

import io.jvirt.conf.network.NetworkDef;
import io.jvirt.network.ActiveNetwork;
import java.util.UUID;

/**
 * One virtual network known to the daemon: its persistent definition (null when
 * transient) and, while it runs, what the driver made. Fields are volatile snapshots;
 * changes happen under the network service's job lock.
 */
public final class NetworkObj {
    private final String name;
    private final UUID uuid;
    private volatile NetworkDef persistentDef;
    private volatile ActiveNetwork active;
    private volatile boolean autostart;
    private volatile java.util.List<String> warnings = java.util.List.of();

    NetworkObj(String name, UUID uuid) {
        this.name = name;
        this.uuid = uuid;
    }

    public String name() {
        return name;
    }

    public UUID uuid() {
        return uuid;
    }

    /** The persistent definition, or null for a transient network. */
    public NetworkDef persistentDef() {
        return persistentDef;
    }

    /** The running network, or null when inactive. */
    public ActiveNetwork active() {
        return active;
    }

    /** The live definition while active, else the persistent one. */
    public NetworkDef currentDef() {
        ActiveNetwork a = active;
        return a != null ? a.live() : persistentDef;
    }

    public boolean autostart() {
        return autostart;
    }

    void setPersistentDef(NetworkDef def) {
        this.persistentDef = def;
    }

    void setActive(ActiveNetwork a) {
        this.active = a;
    }

    /** What the last start found on the host that may keep this network from working; empty when inactive. */
    public java.util.List<String> warnings() {
        return active == null ? java.util.List.of() : warnings;
    }

    void setWarnings(java.util.List<String> w) {
        this.warnings = java.util.List.copyOf(w);
    }

    void setAutostart(boolean on) {
        this.autostart = on;
    }
}
