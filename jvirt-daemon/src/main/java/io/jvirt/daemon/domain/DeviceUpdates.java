package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.address.DeviceBuses;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@code update-device} (and {@code change-media}, {@code domif-setlink} through it): a device
 * changed in place, as libvirt's qemuDomainUpdateDeviceLive and its config counterpart allow it:
 * the medium (or tray) of a CD-ROM, the link state and bandwidth of a network card, the password
 * of a display. Anything else that differs is refused with the field named. Job lock held.
 */
final class DeviceUpdates {
    private final DomainRunner runner;
    private final DefinitionSaves saves;
    private final MediaChanges media;
    private final NicChanges nics;

    DeviceUpdates(DomainRunner runner, DefinitionSaves saves, NicChanges nics) {
        this.runner = runner;
        this.saves = saves;
        this.media = new MediaChanges(runner, saves);
        this.nics = nics;
    }

    void update(DomainObj obj, DeviceRequest req, Affect affect, boolean force) {
        Affect.Target t = affect.resolve(obj);
        DeviceDef want = req.device();
        DomainDef config = null;
        if (t.config()) {
            DomainDef cfg = obj.persistentDef();
            DeviceDef old = DeviceMatch.find(cfg, matchOf(cfg, want), req.macGiven(), "the persistent definition of "
                    + "domain '" + obj.name() + "'");
            DeviceDef updated = checked(obj, old, want, false);
            config = DefinitionSaves.build(obj.name(), () -> LiveDevices.replacing(cfg, old, updated));
        }
        if (t.live()) {
            DomainDef live = LiveDevices.named(obj.liveDef());
            DeviceDef old = DeviceMatch.find(live, matchOf(live, want), req.macGiven(), "running domain '"
                    + obj.name() + "'");
            DeviceDef updated = checked(obj, old, want, true);
            if (updated instanceof DiskDef d) {
                media.change(obj, live, (DiskDef) old, d, force);
            } else if (updated instanceof InterfaceDef n) {
                nics.update(obj, live, (InterfaceDef) old, n);
            } else {
                graphics(obj, live, (GraphicsDef) old, (GraphicsDef) updated);
            }
        }
        if (config != null) {
            saves.config(obj, config);
        }
    }

    /** A display is found by its type; other devices as a detach finds them. */
    private static DeviceDef matchOf(DomainDef def, DeviceDef want) {
        if (want instanceof GraphicsDef g) {
            return def.devices().graphics().stream().filter(x -> x.type().equals(g.type())).findFirst()
                    .map(x -> (DeviceDef) x).orElse(want);
        }
        return want;
    }

    /**
     * The device {@code old} becomes: {@code want} with what it leaves out (its address, the live
     * card's tap and alias) taken from {@code old}, refused when it changes more than may change.
     */
    private static DeviceDef checked(DomainObj obj, DeviceDef old, DeviceDef want, boolean live) {
        DeviceDef w = want.address() == null && old.address() != null
                ? DeviceBuses.of(want).withAddress().apply(old.address()) : want;
        if (w instanceof DiskDef d) {
            DiskDef o = (DiskDef) old;
            if (o.device() != DiskDef.Device.CDROM) {
                throw new DaemonException(ErrorCode.UNSUPPORTED, "the disk " + o.target().dev() + " of domain '"
                        + obj.name() + "' is a " + o.device().xml() + "; only the medium of a cdrom can be changed "
                        + "(detach and attach a disk instead).");
            }
            DiskDef sameMedium = o.toBuilder().driver(d.driver()).source(d.source()).build();
            if (!sameMedium.equals(d)) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "only the medium (<source>, <driver type>) of "
                        + "the cdrom " + o.target().dev() + " of domain '" + obj.name() + "' can be changed; give "
                        + "its other settings as they are.");
            }
            return d;
        }
        if (w instanceof InterfaceDef n) {
            InterfaceDef o = (InterfaceDef) old;
            InterfaceDef filled = n.targetDev() == null && live ? fillFrom(n, o) : n;
            if (live && !filled.withLink(o.link()).withBandwidth(o.bandwidth()).equals(o)) {
                throw new DaemonException(ErrorCode.UNSUPPORTED, "only the link state and the bandwidth of the "
                        + "network interface " + o.mac() + " of running domain '" + obj.name() + "' can change; "
                        + "change the rest in its persistent definition (--config) and restart it.");
            }
            return filled;
        }
        if (w instanceof GraphicsDef g && (g instanceof GraphicsDef.Vnc || g instanceof GraphicsDef.Spice)) {
            GraphicsDef o = (GraphicsDef) old;
            if (!withAuth(g, null).equals(withAuth(o, null))) {
                throw new DaemonException(ErrorCode.UNSUPPORTED, "only the password of the " + g.type() + " display "
                        + "of domain '" + obj.name() + "' can be changed this way; give its other settings as they "
                        + "are.");
            }
            return g;
        }
        throw new DaemonException(ErrorCode.UNSUPPORTED, "a <" + w.kind().element() + "> device of domain '"
                + obj.name() + "' cannot be updated; only cdrom media, network interfaces and VNC or SPICE "
                + "passwords can.");
    }

    /** A card as the request gives it, with the host device and alias the running card has. */
    private static InterfaceDef fillFrom(InterfaceDef n, InterfaceDef o) {
        return n.withTargetDev(o.targetDev()).withAlias(o.alias());
    }

    private static GraphicsDef withAuth(GraphicsDef g, GraphicsDef.Auth auth) {
        return switch (g) {
            case GraphicsDef.Vnc v -> new GraphicsDef.Vnc(v.port(), v.autoport(), v.websocket(), v.sharePolicy(),
                    v.powerControl(), v.keymap(), auth, v.listens(), v.audioId());
            case GraphicsDef.Spice s -> new GraphicsDef.Spice(s.port(), s.tlsPort(), s.autoport(), s.keymap(),
                    s.defaultMode(), auth, s.listens(), s.options());
            case GraphicsDef.Sdl x -> g;
            case GraphicsDef.EglHeadless x -> g;
            case GraphicsDef.Dbus x -> g;
        };
    }

    private static DaemonException noPassword(DomainObj obj, GraphicsDef g) {
        return new DaemonException(ErrorCode.UNSUPPORTED, "the " + g.type() + " display of domain '" + obj.name()
                + "' has no password.");
    }

    /** A display's password, as libvirt's qemuDomainChangeGraphicsPasswords sets it. */
    private void graphics(DomainObj obj, DomainDef live, GraphicsDef old, GraphicsDef g) {
        GraphicsDef.Auth auth = switch (g) {
            case GraphicsDef.Vnc v -> v.auth();
            case GraphicsDef.Spice s -> s.auth();
            case GraphicsDef.Sdl x -> throw noPassword(obj, g);
            case GraphicsDef.EglHeadless x -> throw noPassword(obj, g);
            case GraphicsDef.Dbus x -> throw noPassword(obj, g);
        };
        String password = auth == null || auth.passwd() == null ? "" : auth.passwd();
        String connected = auth == null || auth.connected() == null || g instanceof GraphicsDef.Vnc ? null
                : auth.connected().xml();
        String expiry = auth == null || auth.validTo() == null ? "never"
                : Long.toString(LocalDateTime.parse(auth.validTo()).toEpochSecond(ZoneOffset.UTC));
        runner.monitor(obj, m -> {
            m.setPassword(g.type(), password, connected);
            m.expirePassword(g.type(), expiry);
        });
        saves.live(obj, LiveDevices.replacing(live, old, g));
    }
}
