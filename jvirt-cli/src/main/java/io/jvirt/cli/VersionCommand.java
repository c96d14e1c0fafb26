package io.jvirt.cli;

import io.jvirt.api.HostInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.daemon.Jvirtd;
import picocli.CommandLine;

/** {@code jvirt version}: the client's and the daemon's versions and the accelerator in use. */
public final class VersionCommand extends ClientVerb {
    public VersionCommand() {
        super("version", "Show client and daemon versions and the host's accelerator.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        HostInfo h = client.host();
        if (json()) {
            printJson(h);
            return 0;
        }
        out().println("Compiled against library: jvirt " + Jvirtd.VERSION);
        out().println("Using library: jvirt " + Jvirtd.VERSION);
        out().println("Running against daemon: " + h.version());
        out().println("Accelerator: " + h.accel() + (h.accelNote() == null ? "" : " (" + h.accelNote() + ")"));
        out().println();
        out().flush();
        return 0;
    }

    /** Answers {@code jvirt --version} without contacting the daemon. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"jvirt " + Jvirtd.VERSION};
        }
    }
}
