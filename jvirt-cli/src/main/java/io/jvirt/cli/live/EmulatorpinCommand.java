package io.jvirt.cli.live;

import io.jvirt.api.CpuPin;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

import java.util.Map;

/**
 * {@code jvirt emulatorpin DOMAIN [CPULIST] [--config] [--live] [--current]}: without a list, where
 * QEMU's emulator threads may run, as virsh prints it; with one, pins them.
 */
public final class EmulatorpinCommand extends LiveVerb {
    private final Value<String> cpulist = optionalParameter("CPULIST", String.class,
            "Host CPUs: 0-2,^1 or r (all); leave out to show the pinning.");

    public EmulatorpinCommand() {
        super("emulatorpin", "Show or set where the domain's emulator threads may run.", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        LiveClient live = new LiveClient(client);
        if (cpulist.get() == null) {
            exclusive(live(), "--live", config(), "--config");
            CpuPin p = live.emulatorPin(domain.get(), config());
            if (json()) {
                printJson(p);
                return 0;
            }
            out().print("emulator: CPU Affinity\n----------------------------------\n       *: " + p.cpus() + "\n\n");
            out().flush();
            return 0;
        }
        live.pinEmulator(domain.get(), cpulist.get(), scope());
        return silent(Map.of("cpulist", cpulist.get()));
    }
}
