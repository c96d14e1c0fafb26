package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * The checks of an interface's settings against its type and model that libvirt makes at define
 * (qemuValidateDomainDeviceDefNetwork and the XML parser), so that an {@link InterfaceDef} that
 * exists can be started as far as its own XML goes.
 */
final class InterfaceRules {

    private InterfaceRules() {
    }

    static void check(NetBackend backend, InterfaceDef.Model model, Integer mtu, String targetDev,
                      InterfaceOptions o) {
        String type = backend.type();
        boolean virtio = model != null && model.isVirtio();
        if (o.driver() != null && !virtio) {
            throw new ConfException(Kind.CONFLICT, "The interface <driver> settings apply to virtio cards only; use "
                    + "<model type='virtio'/> or remove <driver>.");
        }
        guestAddresses(backend, o);
        if (backend instanceof NetBackend.Vdpa && !virtio) {
            throw new ConfException(Kind.CONFLICT, "An interface of type 'vdpa' must be a virtio card; use "
                    + "<model type='virtio'/>.");
        }
        if (mtu != null && !(backend instanceof NetBackend.Network || backend instanceof NetBackend.Bridge
                || backend instanceof NetBackend.Ethernet || backend instanceof NetBackend.VhostUser)) {
            throw new ConfException(Kind.UNSUPPORTED, "Setting the MTU on an interface of type '" + type
                    + "' is not supported; it works on network, bridge, ethernet and vhostuser interfaces.");
        }
        if (o.coalesceRxFrames() != null && !(backend instanceof NetBackend.Network
                || backend instanceof NetBackend.Bridge)) {
            throw new ConfException(Kind.UNSUPPORTED, "<coalesce> settings on an interface of type '" + type
                    + "' are not supported; they apply to the taps of network and bridge interfaces.");
        }
        if (o.teaming() != null) {
            if (o.teaming().type() == TeamingDef.Type.PERSISTENT && !virtio) {
                throw new ConfException(Kind.CONFLICT, "The persistent member of a team must be a virtio card, not '"
                        + (model == null ? "rtl8139" : model.xml()) + "'.");
            }
            if (o.teaming().type() == TeamingDef.Type.TRANSIENT && !(backend instanceof NetBackend.Hostdev)
                    && !(backend instanceof NetBackend.Network)) {
                throw new ConfException(Kind.CONFLICT, "The transient member of a team must be an interface of type "
                        + "'hostdev', not '" + type + "'.");
            }
            if (o.teaming().type() == TeamingDef.Type.PERSISTENT && o.alias() == null) {
                throw new ConfException(Kind.MISSING_VALUE, "The persistent member of a team needs an <alias name='ua-"
                        + "...'/> for its transient partner to name.");
            }
        }
        if ((o.script() != null || o.downscript() != null) && !(backend instanceof NetBackend.Ethernet)) {
            throw new ConfException(Kind.UNSUPPORTED, "A <script> or <downscript> runs only for an interface of type "
                    + "'ethernet', not '" + type + "'.");
        }
        if (Boolean.FALSE.equals(o.targetManaged())) {
            if (!(backend instanceof NetBackend.Ethernet)) {
                throw new ConfException(Kind.UNSUPPORTED, "<target managed='no'> names a tap the user made, which "
                        + "works for interfaces of type 'ethernet' only.");
            }
            if (targetDev == null) {
                throw new ConfException(Kind.MISSING_VALUE, "<target managed='no'> needs the tap's name in 'dev'.");
            }
        }
        if ((o.backendTap() != null || o.backendVhost() != null) && !(backend instanceof NetBackend.Network
                || backend instanceof NetBackend.Bridge || backend instanceof NetBackend.Ethernet)) {
            throw new ConfException(Kind.UNSUPPORTED, "<backend tap vhost> applies to tap-based interfaces (network, "
                    + "bridge, ethernet), not to type '" + type + "'.");
        }
        if (o.virtualport() != null && !(backend instanceof NetBackend.Network || backend instanceof NetBackend.Bridge
                || backend instanceof NetBackend.Direct || backend instanceof NetBackend.Hostdev)) {
            throw new ConfException(Kind.CONFLICT, "A <virtualport> applies to network, bridge, direct and hostdev "
                    + "interfaces, not to type '" + type + "'.");
        }
        if (o.rom() != null && backend instanceof NetBackend.Vdpa) {
            throw new ConfException(Kind.CONFLICT, "A vDPA interface has no option ROM; remove <rom>.");
        }
    }

    /** Guest-side addresses: only user-mode networking takes them, one per family (QEMU's slirp). */
    private static void guestAddresses(NetBackend backend, InterfaceOptions o) {
        if (o.ips().isEmpty() && o.routes().isEmpty()) {
            return;
        }
        if (!(backend instanceof NetBackend.User)) {
            throw new ConfException(Kind.UNSUPPORTED, "Guest-side <ip> and <route> of an interface are not supported "
                    + "by QEMU for type '" + backend.type() + "'; host-side addresses of an ethernet tap go inside "
                    + "<source>.");
        }
        if (!o.routes().isEmpty()) {
            throw new ConfException(Kind.UNSUPPORTED, "A guest-side <route> is not supported by QEMU's user-mode "
                    + "network; remove it.");
        }
        boolean v4 = false;
        boolean v6 = false;
        for (NicIp ip : o.ips()) {
            if (ip.peer() != null) {
                throw new ConfException(Kind.UNSUPPORTED, "A user-mode network has no peer address; remove 'peer'.");
            }
            if (ip.address().isIpv4()) {
                if (v4) {
                    throw new ConfException(Kind.UNSUPPORTED, "Only one IPv4 address per interface is allowed.");
                }
                v4 = true;
                if (ip.prefix() != null && ip.prefix() > 0 && (ip.prefix() < 4 || ip.prefix() > 27)) {
                    throw new ConfException(Kind.INVALID_VALUE, "The IPv4 prefix of a user-mode network must be 4 to "
                            + "27, not " + ip.prefix() + ".");
                }
            } else {
                if (v6) {
                    throw new ConfException(Kind.UNSUPPORTED, "Only one IPv6 address per interface is allowed.");
                }
                v6 = true;
                if (ip.prefix() != null && ip.prefix() != 0 && ip.prefix() != 64) {
                    throw new ConfException(Kind.UNSUPPORTED, "The IPv6 prefix of a user-mode network must be 64, not "
                            + ip.prefix() + ".");
                }
            }
        }
    }
}
