package io.jvirt.network.render;

import java.util.List;

/**
 * Command lines for the kernel-facing batch tools, produced by a pure renderer and applied
 * by {@link io.jvirt.network.host.HostTools}: {@code ip -batch} lines first, then {@code
 * bridge -batch}, then {@code tc -batch}.
 *
 * @param ip lines for {@code ip -batch -}
 * @param bridge lines for {@code bridge -batch -}
 * @param tc lines for {@code tc -batch -}
 */
public record HostPlan(List<String> ip, List<String> bridge, List<String> tc) {

    /** Copies the lists. */
    public HostPlan {
        ip = List.copyOf(ip);
        bridge = List.copyOf(bridge);
        tc = List.copyOf(tc);
    }

    /** The plan as one text, sections headed by the tool, for golden files. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        section(sb, "ip", ip);
        section(sb, "bridge", bridge);
        section(sb, "tc", tc);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String tool, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        sb.append("# ").append(tool).append(" -batch\n");
        lines.forEach(l -> sb.append(l).append('\n'));
    }
}
