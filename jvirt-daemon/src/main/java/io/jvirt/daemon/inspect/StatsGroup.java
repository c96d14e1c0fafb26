package io.jvirt.daemon.inspect;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The groups of {@code domstats}, in the order libvirt reports them; each is one of virsh's
 * options ({@code --state}, {@code --cpu-total}, ...).
 */
public enum StatsGroup {
    STATE("state"),
    CPU_TOTAL("cpu-total"),
    BALLOON("balloon"),
    VCPU("vcpu"),
    INTERFACE("interface"),
    PERF("perf"),
    BLOCK("block");

    private final String option;

    StatsGroup(String option) {
        this.option = option;
    }

    /** The name as virsh's option and the API's {@code groups} parameter spell it. */
    public String option() {
        return option;
    }

    /** The group named {@code name}, if any. */
    public static Optional<StatsGroup> of(String name) {
        for (StatsGroup g : values()) {
            if (g.option.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** What {@code domstats} without a group option reports: every group. */
    public static Set<StatsGroup> all() {
        return EnumSet.allOf(StatsGroup.class);
    }
}
