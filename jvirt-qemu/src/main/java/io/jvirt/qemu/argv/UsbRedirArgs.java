package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.RedirFilterDef;
import io.jvirt.conf.domain.RedirdevDef;
import io.jvirt.conf.domain.SmartcardDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders USB redirection ({@code usb-redir} with the redirection filter) and the smartcard
 * (a card in the CCID reader's slot) as libvirt does.
 */
final class UsbRedirArgs {

    /** The NSS database of emulated cards when none is named (libvirt's default). */
    static final String DEFAULT_DATABASE = "/etc/pki/nssdb";

    private UsbRedirArgs() {
    }

    static void smartcard(List<String> argv, Layout layout, Devices devs, LaunchContext ctx) {
        if (devs.smartcards().isEmpty()) {
            return;
        }
        SmartcardDef s = devs.smartcards().getFirst();
        Opts o = switch (s.mode()) {
            case HOST -> Opts.of("ccid-card-emulated").add("backend", "nss-emulated");
            case HOST_CERTIFICATES -> Opts.of("ccid-card-emulated").add("backend", "certificates")
                    .add("cert1", s.certificates().get(0)).add("cert2", s.certificates().get(1))
                    .add("cert3", s.certificates().get(2))
                    .add("db", s.database() == null ? DEFAULT_DATABASE : s.database());
            case PASSTHROUGH -> {
                Chardevs.add(argv, "charsmartcard0", s.passthrough(), ctx.runDir().resolve("smartcard0.sock"), false,
                        ctx);
                yield Opts.of("ccid-card-passthru").add("chardev", "charsmartcard0");
            }
        };
        int controller = s.address() instanceof Address.Ccid c ? c.controller() : 0;
        argv.add("-device");
        argv.add(o.add("id", "smartcard0").add("bus", layout.controllerId(ControllerDef.Type.CCID, controller) + ".0").toString());
    }

    static void redirdevs(List<String> argv, Layout layout, Devices devs, LaunchContext ctx) {
        List<RedirdevDef> redirs = devs.redirdevs();
        String filter = filter(devs.redirfilter());
        for (int i = 0; i < redirs.size(); i++) {
            RedirdevDef r = redirs.get(i);
            String id = "redir" + i;
            Chardevs.add(argv, "char" + id, r.source(), ctx.runDir().resolve(id + ".sock"), false, ctx);
            argv.add("-device");
            argv.add(layout.usb(Opts.of("usb-redir").add("chardev", "char" + id).add("id", id).add("filter", filter)
                    .add("bootindex", r.bootOrder()), r.address()).toString());
        }
    }

    /** QEMU's filter string: class:vendor:product:version:allow rules joined by '|', -1 for any. */
    private static String filter(RedirFilterDef f) {
        if (f == null || f.rules().isEmpty()) {
            return null;
        }
        List<String> rules = new ArrayList<>();
        for (RedirFilterDef.Rule r : f.rules()) {
            rules.add(hex(r.usbClass(), "0x%02X") + ":" + hex(r.vendor(), "0x%04X") + ":" + hex(r.product(), "0x%04X")
                    + ":" + hex(r.bcdVersion(), "0x%04X") + ":" + (r.allow() ? 1 : 0));
        }
        return String.join("|", rules);
    }

    private static String hex(Integer v, String format) {
        return v == null || v == -1 ? "-1" : String.format(format, v);
    }
}
