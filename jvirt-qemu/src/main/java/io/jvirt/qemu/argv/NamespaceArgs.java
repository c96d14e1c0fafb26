package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.LaunchSecurityDef;
import io.jvirt.conf.domain.QemuNamespaceDef;
import io.jvirt.conf.domain.SecurityDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * What libvirt's QEMU namespace asks of the command line: {@code -compat} for the deprecation
 * behaviour, the raw {@code <qemu:arg>}s at the end, and the property overrides of the devices
 * with a user alias. Also refuses the security sections no x86 QEMU here can honour. The
 * {@code <qemu:env>}s are the launcher's ({@link QemuArgv#environment}).
 */
final class NamespaceArgs {

    private NamespaceArgs() {
    }

    /** {@code -compat}, as libvirt's qemuBuildCompatDeprecatedCommandLine writes it. */
    static void compat(List<String> argv, QemuNamespaceDef q) {
        if (q.deprecation() == null) {
            return;
        }
        String compat = switch (q.deprecation()) {
            case NONE -> null;
            case OMIT -> "deprecated-output=hide";
            case REJECT -> "deprecated-output=hide,deprecated-input=reject";
            case CRASH -> "deprecated-output=hide,deprecated-input=crash";
        };
        if (compat != null) {
            argv.add("-compat");
            argv.add(compat);
        }
    }

    static void refuseSecurity(SecurityDef s) {
        if (!s.keywrap().isEmpty()) {
            throw new ArgvException(Kind.UNSUPPORTED, "<keywrap> sets the AES/DEA key wrapping of IBM Z's CPACF; "
                    + "QEMU for x86 has no such machine option, so remove it.");
        }
        if (s.launchSecurity() instanceof LaunchSecurityDef.Sev) {
            throw new ArgvException(Kind.UNSUPPORTED, "<launchSecurity type='sev'> needs AMD SEV, which this host's "
                    + "CPU and KVM do not offer (and jvirt does not launch SEV guests); remove it.");
        }
    }

    /** The {@code <qemu:arg>}s, in order. */
    static void args(List<String> argv, QemuNamespaceDef q) {
        argv.addAll(q.args());
    }

    /** Applies the {@code <qemu:override>}s to the {@code -device} whose id is each alias. */
    static void overrides(List<String> argv, QemuNamespaceDef q) {
        for (QemuNamespaceDef.DeviceOverride o : q.overrides()) {
            int at = -1;
            for (int i = 0; i + 1 < argv.size(); i++) {
                if (argv.get(i).equals("-device") && split(argv.get(i + 1)).contains("id=" + Opts.escape(o.alias()))) {
                    at = i + 1;
                }
            }
            if (at < 0) {
                throw new ArgvException(Kind.CONFLICT, "The <qemu:override> names the device alias '" + o.alias()
                        + "', which no device of this domain has.");
            }
            List<String> parts = new ArrayList<>(split(argv.get(at)));
            for (QemuNamespaceDef.Property p : o.properties()) {
                parts.removeIf(part -> part.startsWith(p.name() + "="));
                if (p.type() != QemuNamespaceDef.PropertyType.REMOVE) {
                    String value = switch (p.type()) {
                        case BOOL -> p.value().equals("true") ? "on" : "off";
                        case STRING, SIGNED, UNSIGNED -> p.value();
                        case REMOVE -> throw new IllegalStateException("removed above");
                    };
                    parts.add(p.name() + "=" + Opts.escape(value));
                }
            }
            argv.set(at, String.join(",", parts));
        }
    }

    /** Splits an option string at the commas QEMU splits at (a doubled comma is part of a value). */
    private static List<String> split(String opts) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < opts.length(); i++) {
            char c = opts.charAt(i);
            if (c == ',' && i + 1 < opts.length() && opts.charAt(i + 1) == ',') {
                cur.append(",,");
                i++;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
