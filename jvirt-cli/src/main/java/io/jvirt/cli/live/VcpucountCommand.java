package io.jvirt.cli.live;

import io.jvirt.api.VcpuCount;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;
import picocli.CommandLine.ParameterException;

import java.util.Locale;
import java.util.Map;

/**
 * {@code jvirt vcpucount DOMAIN [--maximum] [--active] [--live] [--config] [--current] [--guest]}:
 * virsh's four lines (maximum and current, config and live), or the one count the flags pick.
 */
public final class VcpucountCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag maximum = flag("--maximum", "The maximum count.");
    private final Flag active = flag("--active", "The current count.");
    private final Flag live = flag("--live", "Of the running domain.");
    private final Flag config = flag("--config", "Of the persistent definition.");
    private final Flag current = flag("--current", "Of the domain as it is now.");
    private final Flag guest = flag("--guest", "The vCPUs the guest has online, from its agent.");

    public VcpucountCommand() {
        super("vcpucount", "Show the domain's vCPU counts.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean cur = current.get() && (maximum.get() || active.get());
        exclusive(live.get(), "--live", config.get(), "--config");
        exclusive(cur, "--current", live.get(), "--live");
        exclusive(cur, "--current", config.get(), "--config");
        exclusive(active.get(), "--active", maximum.get(), "--maximum");
        exclusive(guest.get(), "--guest", config.get(), "--config");
        LiveClient lc = new LiveClient(client);
        if (guest.get()) {
            int n = lc.guestVcpus(domain.get());
            if (json()) {
                printJson(Map.of("guest", n));
            } else {
                out().println(n);
                out().println();
                out().flush();
            }
            return 0;
        }
        VcpuCount c = lc.vcpuCount(domain.get());
        boolean all = !maximum.get() && !active.get() && !live.get() && !config.get() && !cur;
        if (json()) {
            printJson(c);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        if (all) {
            line(sb, "maximum", "config", c.maximumConfig());
            line(sb, "maximum", "live", c.maximumLive());
            line(sb, "current", "config", c.currentConfig());
            line(sb, "current", "live", c.currentLive());
        } else {
            boolean useLive = live.get() || !config.get() && c.maximumLive() != null;
            Integer n = maximum.get() ? (useLive ? c.maximumLive() : c.maximumConfig())
                    : (useLive ? c.currentLive() : c.currentConfig());
            if (n == null) {
                throw new IllegalStateException(live.get() ? "domain '" + domain.get() + "' is not running"
                        : "domain '" + domain.get() + "' has no persistent definition");
            }
            sb.append(n).append('\n');
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }

    private static void line(StringBuilder sb, String which, String state, Integer n) {
        if (n != null && n > 0) {
            sb.append(String.format(Locale.ROOT, "%-12s %-12s %3d%n", which, state, n));
        }
    }

    private void exclusive(boolean a, String aName, boolean b, String bName) {
        if (a && b) {
            throw new ParameterException(spec().commandLine(), "Options " + aName + " and " + bName
                    + " are mutually exclusive");
        }
    }
}
