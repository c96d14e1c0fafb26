package io.jvirt.cli.domain;

import io.jvirt.api.DomainDisplay;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jvirt domdisplay DOMAIN [--type TYPE] [--include-password] [--all]}: the URI a
 * viewer connects to, as virsh prints it (vnc, then spice, then dbus).
 */
public final class DomdisplayCommand extends ClientVerb {
    private static final List<String> SCHEMES = List.of("vnc", "spice", "rdp", "dbus");

    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag includePassword = flag("--include-password",
            "Include the password in the URI (needs the daemon's trust, like --security-info).");
    private final Value<String> type = option("--type", "TYPE", "Only a display of this type (vnc, spice, rdp, dbus).");
    private final Flag all = flag("--all", "Show every display, one per line.");

    public DomdisplayCommand() {
        super("domdisplay", "Print the URI of a running domain's graphical display.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (all.get() && type.given()) {
            throw new IllegalArgumentException("Options --all and --type are mutually exclusive");
        }
        List<DomainDisplay> displays = client.displays(domain.get(), includePassword.get());
        List<String> lines = new ArrayList<>();
        for (String scheme : SCHEMES) {
            if (type.given() && !type.get().equals(scheme)) {
                continue;
            }
            displays.stream().filter(d -> d.type().equals(scheme)).map(DisplayUris::uri)
                    .filter(u -> u != null).findFirst().ifPresent(lines::add);
            if (!lines.isEmpty() && !all.get()) {
                break;
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException(type.given() ? "No graphical display with type '" + type.get()
                    + "' found" : "No graphical display found");
        }
        lines.forEach(out()::println);
        return 0;
    }
}
