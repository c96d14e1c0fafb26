package io.jvirt.cli.live;

import io.jvirt.api.CpuPin;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

import java.util.List;
import java.util.Map;

/**
 * {@code jvirt vcpupin DOMAIN [VCPU] [CPULIST] [--config] [--live] [--current]}: without a list,
 * virsh's table of each vCPU's allowed host CPUs; with one ({@code 0-2,^1}, or {@code r} for all),
 * pins the vCPU.
 */
public final class VcpupinCommand extends LiveVerb {
    private final Value<Integer> vcpu = optionalParameter("VCPU", Integer.class, "vCPU number.");
    private final Value<String> cpulist = optionalParameter("CPULIST", String.class,
            "Host CPUs: 0-2,^1 or r (all); leave out to show the pinning.");

    public VcpupinCommand() {
        super("vcpupin", "Show or set where the domain's vCPUs may run.", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        LiveClient live = new LiveClient(client);
        if (cpulist.get() == null) {
            exclusive(live(), "--live", config(), "--config");
            List<CpuPin> pins = live.vcpuPins(domain.get(), config());
            if (vcpu.get() != null) {
                pins = pins.stream().filter(p -> p.vcpu() == vcpu.get()).toList();
                if (pins.isEmpty()) {
                    throw new IllegalStateException("vcpu " + vcpu.get() + " is out of range of the domain's cpu count");
                }
            }
            if (json()) {
                printJson(pins);
                return 0;
            }
            Table t = new Table("VCPU", "CPU Affinity");
            for (CpuPin p : pins) {
                t.row(Integer.toString(p.vcpu()), p.cpus());
            }
            print(t);
            return 0;
        }
        if (vcpu.get() == null) {
            throw bad("vcpupin: Missing vCPU number in pin mode.");
        }
        live.pinVcpu(domain.get(), vcpu.get(), cpulist.get(), scope());
        return silent(Map.of("vcpu", vcpu.get(), "cpulist", cpulist.get()));
    }
}
