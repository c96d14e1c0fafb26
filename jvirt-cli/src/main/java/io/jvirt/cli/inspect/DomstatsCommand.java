package io.jvirt.cli.inspect;

import io.jvirt.api.DomainStats;
import io.jvirt.client.InspectClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code jvirt domstats [DOMAIN...] [--state] [--block] ... [--list-running] ...}: virsh's domain statistics. */
public final class DomstatsCommand extends InspectVerb {
    private final Map<String, Flag> groups = new LinkedHashMap<>();
    private final Map<String, Flag> filters = new LinkedHashMap<>();
    private final Flag raw = flag("--raw", "Accepted for virsh compatibility (virsh prints raw values too).");
    private final Flag enforce = flag("--enforce", "Accepted for virsh compatibility: every group named is supported.");
    private final Flag backing = flag("--backing", "Accepted for virsh compatibility; backing images are not reported.");
    private final Flag nowait = flag("--nowait", "Accepted for virsh compatibility: statistics never wait for a job.");
    private final Value<List<String>> domains = parameters("DOMAIN", String.class, "0..*",
            "Domains to report; without any, every domain the --list-* options keep.");

    public DomstatsCommand() {
        super("domstats", "Get statistics about one or more domains.");
        for (String[] g : new String[][] {{"state", "the state and its reason"}, {"cpu-total", "QEMU's CPU time"},
            {"balloon", "the balloon and the guest's memory"}, {"vcpu", "each vCPU's time"},
            {"interface", "network card traffic"}, {"perf", "perf events (jvirt enables none)"},
            {"block", "disk I/O and sizes"}}) {
            groups.put(g[0], flag("--" + g[0], "Report " + g[1] + "."));
        }
        for (String f : new String[] {"active", "inactive", "persistent", "transient", "running", "paused",
            "shutoff", "other"}) {
            filters.put(f, flag("--list-" + f, "Only " + f + " domains."));
        }
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        raw.get();
        enforce.get();
        backing.get();
        nowait.get();
        List<String> named = domains.get() == null ? List.of() : domains.get();
        List<String> g = new ArrayList<>();
        groups.forEach((name, flag) -> {
            if (flag.get()) {
                g.add(name);
            }
        });
        List<String> f = new ArrayList<>();
        filters.forEach((name, flag) -> {
            if (flag.get()) {
                f.add(name);
            }
        });
        if (!named.isEmpty() && !f.isEmpty()) {
            throw bad("Filtering using --list-* is not supported together with a list of domains");
        }
        List<DomainStats> stats = client.stats(g, f, named);
        if (json()) {
            printJson(stats);
            return 0;
        }
        text(VirshText.domstats(stats));
        return 0;
    }
}
