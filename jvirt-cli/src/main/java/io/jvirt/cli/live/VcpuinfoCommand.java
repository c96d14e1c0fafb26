package io.jvirt.cli.live;

import io.jvirt.api.VcpuInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

import java.util.List;
import java.util.Locale;

/**
 * {@code jvirt vcpuinfo DOMAIN [--pretty]}: for each vCPU its number, the host CPU it last ran
 * on, its state, CPU time and affinity ({@code yy--}, or with {@code --pretty} {@code 0-1 (out of 4)}),
 * as virsh prints them; {@code --json} also has each vCPU's host thread.
 */
public final class VcpuinfoCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag pretty = flag("--pretty", "Print the affinity as a CPU list.");

    public VcpuinfoCommand() {
        super("vcpuinfo", "Show detailed information about the domain's vCPUs.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<VcpuInfo> all = new LiveClient(client).vcpuInfo(domain.get());
        if (json()) {
            printJson(all);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            VcpuInfo v = all.get(i);
            sb.append(String.format(Locale.ROOT, "%-15s %d%n", "VCPU:", v.vcpu()));
            sb.append(String.format(Locale.ROOT, "%-15s %d%n", "CPU:", v.cpu()));
            sb.append(String.format(Locale.ROOT, "%-15s %s%n", "State:", v.state()));
            if (v.cpuTimeNanos() != 0) {
                sb.append(String.format(Locale.ROOT, "%-15s %.1fs%n", "CPU time:", v.cpuTimeNanos() / 1e9));
            }
            String aff = pretty.get() ? v.affinity() + " (out of " + v.hostCpus() + ")"
                    : CpuMaps.map(v.affinity(), v.hostCpus());
            sb.append(String.format(Locale.ROOT, "%-15s %s%n", "CPU Affinity:", aff));
            if (i < all.size() - 1) {
                sb.append('\n');
            }
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }
}
