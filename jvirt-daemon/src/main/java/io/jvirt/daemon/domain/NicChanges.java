package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.InterfaceTune;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.daemon.DaemonException;

import java.util.List;
import java.util.Objects;

/**
 * A network card changed in place: its link state ({@code set_link}) and its bandwidth (the
 * tap's shaping, through {@link NicPlumbing#retune}), for {@code update-device},
 * {@code domif-setlink} and {@code domiftune}, in the running machine or the persistent
 * definition. Job lock held.
 */
final class NicChanges {
    private final DomainRunner runner;
    private final DefinitionSaves saves;

    NicChanges(DomainRunner runner, DefinitionSaves saves) {
        this.runner = runner;
        this.saves = saves;
    }

    /** Brings the running card {@code old} to {@code updated} (same card, other link state or bandwidth). */
    void update(DomainObj obj, DomainDef live, InterfaceDef old, InterfaceDef updated) {
        if (!Objects.equals(old.bandwidth(), updated.bandwidth())) {
            runner.nics().retune(obj.name(), updated);
        }
        if (old.linkUp() != updated.linkUp()) {
            runner.monitor(obj, m -> m.setLink(old.alias(), updated.linkUp()));
        }
        saves.live(obj, LiveDevices.replacing(live, old, updated));
    }

    /**
     * {@code domif-setlink}: the card's link in the running machine ({@code set_link}, recorded in
     * the live definition), in the persistent definition ({@code --config}: the next start), or
     * both. An assigned host device has no link of QEMU's to set.
     */
    void setLink(DomainObj obj, HotplugCommand.SetLink l) {
        Affect.Target target = l.affect().resolve(obj);
        InterfaceDef.LinkState state = l.up() ? InterfaceDef.LinkState.UP : InterfaceDef.LinkState.DOWN;
        DomainDef config = null;
        if (target.config()) {
            DomainDef cfg = obj.persistentDef();
            InterfaceDef n = linked(obj, cfg.devices().interfaces(), l.iface(), "its persistent definition");
            config = DefinitionSaves.build(obj.name(), () -> LiveDevices.replacing(cfg, n, n.withLink(state)));
        }
        if (target.live()) {
            DomainDef live = LiveDevices.named(obj.liveDef());
            InterfaceDef n = linked(obj, live.devices().interfaces(), l.iface(), "the running domain");
            update(obj, live, n, n.withLink(state));
        }
        if (config != null) {
            saves.config(obj, config);
        }
    }

    private static InterfaceDef linked(DomainObj obj, List<InterfaceDef> nics, String iface, String where) {
        InterfaceDef n = find(obj, nics, iface, where);
        if (n.backend() instanceof NetBackend.Hostdev) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "The interface '" + iface + "' of domain '" + obj.name()
                    + "' is an assigned host device; its link is the device's own, not QEMU's.");
        }
        return n;
    }

    /**
     * {@code domiftune}: changes the limits of one direction or both, or clears them.
     */
    void tune(DomainObj obj, HotplugCommand.SetInterfaceTune t) {
        Affect.Target target = t.affect().resolve(obj);
        DomainDef config = null;
        if (target.config()) {
            DomainDef cfg = obj.persistentDef();
            InterfaceDef n = find(obj, cfg.devices().interfaces(), t.iface(), "its persistent definition");
            InterfaceDef tuned = n.withBandwidth(retuned(obj, n, t));
            config = DefinitionSaves.build(obj.name(), () -> LiveDevices.replacing(cfg, n, tuned));
        }
        if (target.live()) {
            DomainDef live = LiveDevices.named(obj.liveDef());
            InterfaceDef n = find(obj, live.devices().interfaces(), t.iface(), "the running domain");
            update(obj, live, n, n.withBandwidth(retuned(obj, n, t)));
        }
        if (config != null) {
            saves.config(obj, config);
        }
    }

    /** {@code domiftune} without limits: a card's bandwidth as the definition has it. */
    InterfaceTune show(DomainObj obj, String iface, boolean config) {
        boolean live = !config && obj.status().active() && obj.liveDef() != null;
        DomainDef def = live ? obj.liveDef() : obj.persistentDef();
        if (def == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is transient and not "
                    + "running.");
        }
        InterfaceDef n = find(obj, def.devices().interfaces(), iface, live ? "the running domain"
                : "its persistent definition");
        BandwidthDef b = n.bandwidth();
        return new InterfaceTune(iface, rate(b == null ? null : b.inbound()), rate(b == null ? null : b.outbound()));
    }

    private static InterfaceTune.Rate rate(BandwidthDef.Rate r) {
        return r == null ? InterfaceTune.Rate.NONE : new InterfaceTune.Rate(zero(r.average()), zero(r.peak()),
                zero(r.burst()), zero(r.floor()));
    }

    private static long zero(Long v) {
        return v == null ? 0 : v;
    }

    /** The card's bandwidth with the directions the command names replaced (cleared by an empty rate). */
    private static BandwidthDef retuned(DomainObj obj, InterfaceDef n, HotplugCommand.SetInterfaceTune t) {
        BandwidthDef old = n.bandwidth();
        BandwidthDef.Rate in = t.inbound() != null ? t.inbound().rate() : old == null ? null : old.inbound();
        BandwidthDef.Rate out = t.outbound() != null ? t.outbound().rate() : old == null ? null : old.outbound();
        if (in == null && out == null) {
            return null;
        }
        return DefinitionSaves.build(obj.name(), () -> new BandwidthDef(in, out));
    }

    /** The card named by its host device or MAC address, as virsh's domiftune names it. */
    static InterfaceDef find(DomainObj obj, List<InterfaceDef> nics, String iface, String where) {
        return nics.stream().filter(n -> iface.equals(n.targetDev()) || iface.equalsIgnoreCase(n.mac())).findFirst()
                .orElseThrow(() -> new DaemonException(ErrorCode.NOT_FOUND, "domain '" + obj.name() + "' has no "
                        + "network interface '" + iface + "' in " + where + "; see 'jvirt domiflist " + obj.name()
                        + "'."));
    }
}
