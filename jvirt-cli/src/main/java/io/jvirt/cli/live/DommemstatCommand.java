package io.jvirt.cli.live;

import io.jvirt.api.MemoryStat;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

import java.util.List;
import java.util.Map;

/**
 * {@code jvirt dommemstat DOMAIN [--period SECONDS] [--config] [--live] [--current]}: the balloon's
 * statistics, one {@code tag value} line each as virsh prints them; with {@code --period}, sets how
 * often the guest reports them instead.
 */
public final class DommemstatCommand extends LiveVerb {
    private final Value<Integer> period = option("--period", "SECONDS", Integer.class,
            "Set how often the balloon reports statistics (0 stops it).");

    public DommemstatCommand() {
        super("dommemstat", "Show the memory statistics of a domain.", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        LiveClient live = new LiveClient(client);
        if (period.get() != null) {
            if (period.get() < 0) {
                throw bad("Invalid collection period value '" + period.get() + "'");
            }
            try {
                live.setMemoryStatsPeriod(domain.get(), period.get(), scope());
            } catch (RuntimeException e) {
                throw new IllegalStateException("Unable to change balloon collection period.\nerror: "
                        + e.getMessage(), e);
            }
            return silent(Map.of("period", period.get()));
        }
        scope();
        List<MemoryStat> stats = live.memoryStats(domain.get());
        if (json()) {
            printJson(stats);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        for (MemoryStat s : stats) {
            sb.append(s.tag()).append(' ').append(s.value()).append('\n');
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }
}
