package io.jvirt.cli.live;

import io.jvirt.api.InterfaceTune;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

import java.util.Locale;
import java.util.Map;

/**
 * {@code jvirt domiftune DOMAIN INTERFACE [--inbound AVG[,PEAK[,BURST[,FLOOR]]]]
 * [--outbound AVG[,PEAK[,BURST]]] [--config] [--live] [--current]}: without limits, virsh's
 * {@code inbound.average: N} lines; with them, changes the card's bandwidth ({@code 0} clears a
 * direction).
 */
public final class DomiftuneCommand extends LiveVerb {
    private final Value<String> iface = parameter("INTERFACE", "Interface device (vnetN) or MAC address.");
    private final Value<String> inbound = option("--inbound", "AVG[,PEAK[,BURST[,FLOOR]]]",
            "Traffic towards the guest, kilobytes per second (0: no limit).");
    private final Value<String> outbound = option("--outbound", "AVG[,PEAK[,BURST]]",
            "Traffic from the guest, kilobytes per second (0: no limit).");

    public DomiftuneCommand() {
        super("domiftune", "Show or set a network interface's bandwidth.", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        LiveClient live = new LiveClient(client);
        if (inbound.get() == null && outbound.get() == null) {
            exclusive(live(), "--live", config(), "--config");
            InterfaceTune t = live.interfaceTune(domain.get(), iface.get(), config());
            if (json()) {
                printJson(t);
                return 0;
            }
            StringBuilder sb = new StringBuilder();
            kv(sb, "inbound.average", t.inbound().average());
            kv(sb, "inbound.peak", t.inbound().peak());
            kv(sb, "inbound.burst", t.inbound().burst());
            kv(sb, "inbound.floor", t.inbound().floor());
            kv(sb, "outbound.average", t.outbound().average());
            kv(sb, "outbound.peak", t.outbound().peak());
            kv(sb, "outbound.burst", t.outbound().burst());
            sb.append('\n');
            out().print(sb);
            out().flush();
            return 0;
        }
        InterfaceTune.Rate in;
        InterfaceTune.Rate out;
        try {
            in = inbound.get() == null ? null : Rates.parse(inbound.get(), true);
            out = outbound.get() == null ? null : Rates.parse(outbound.get(), false);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        live.setInterfaceTune(domain.get(), iface.get(), in, out, scope());
        return silent(Map.of("interface", iface.get()));
    }

    private static void kv(StringBuilder sb, String key, long value) {
        sb.append(String.format(Locale.ROOT, "%-15s: %d%n", key, value));
    }
}
