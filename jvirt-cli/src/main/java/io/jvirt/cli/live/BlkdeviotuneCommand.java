package io.jvirt.cli.live;

import io.jvirt.api.BlockIoTune;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code jvirt blkdeviotune DOMAIN DEVICE [--total-bytes-sec N] ... [--group-name G] [--config]
 * [--live] [--current]}: without limits, virsh's {@code name: value} lines; with some, changes
 * those (bytes limits take units: 10M).
 */
public final class BlkdeviotuneCommand extends LiveVerb {
    private static final List<String> NAMES = List.of("total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
            "total_iops_sec", "read_iops_sec", "write_iops_sec", "total_bytes_sec_max", "read_bytes_sec_max",
            "write_bytes_sec_max", "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max", "size_iops_sec",
            "total_bytes_sec_max_length", "read_bytes_sec_max_length", "write_bytes_sec_max_length",
            "total_iops_sec_max_length", "read_iops_sec_max_length", "write_iops_sec_max_length");

    private final Value<String> device = parameter("DEVICE", "Disk target or source path.");
    private final Map<String, Value<String>> limits = new LinkedHashMap<>();
    private final Value<String> group = option("--group-name", "NAME", "Throttle group shared with other disks.");

    public BlkdeviotuneCommand() {
        super("blkdeviotune", "Show or set a disk's I/O limits.", false);
        for (String n : NAMES) {
            limits.put(n, option("--" + n.replace('_', '-'), "N", "The " + n + " limit (0: none)."));
        }
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        LiveClient live = new LiveClient(client);
        Map<String, Long> set = new LinkedHashMap<>();
        for (Map.Entry<String, Value<String>> e : limits.entrySet()) {
            String v = e.getValue().get();
            if (v != null) {
                try {
                    set.put(e.getKey(), e.getKey().contains("bytes") && !e.getKey().endsWith("length")
                            ? ScaledSize.bytes(v, 1, "The limit") : Long.parseLong(v));
                } catch (IllegalArgumentException bad) {
                    throw bad("Unable to parse integer parameter '--" + e.getKey().replace('_', '-') + "'");
                }
            }
        }
        if (set.isEmpty() && group.get() == null) {
            exclusive(live(), "--live", config(), "--config");
            BlockIoTune t = live.blockIoTune(domain.get(), device.get(), config());
            if (json()) {
                printJson(t);
                return 0;
            }
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Long> e : t.limits().entrySet()) {
                sb.append(String.format(Locale.ROOT, "%-15s: %d%n", e.getKey(), e.getValue()));
                if (e.getKey().equals("size_iops_sec")) {
                    sb.append(String.format(Locale.ROOT, "%-15s: %s%n", "group_name",
                            t.group() == null ? "" : t.group()));
                }
            }
            sb.append('\n');
            out().print(sb);
            out().flush();
            return 0;
        }
        live.setBlockIoTune(domain.get(), device.get(), set, group.get(), scope());
        return silent(set);
    }
}
