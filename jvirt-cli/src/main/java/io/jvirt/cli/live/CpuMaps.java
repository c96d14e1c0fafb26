package io.jvirt.cli.live;

import java.util.BitSet;

/** CPU lists ({@code 0-3,6}) as virsh prints them: as lists, or as {@code yy--} maps over the host's CPUs. */
final class CpuMaps {
    private CpuMaps() {
    }

    /** The CPUs of a list such as {@code 0-3,^2,6}. */
    static BitSet parse(String list) {
        BitSet out = new BitSet();
        for (String part : list.strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            boolean not = part.startsWith("^");
            String p = not ? part.substring(1) : part;
            int dash = p.indexOf('-');
            int from = Integer.parseInt(p.substring(0, dash < 0 ? p.length() : dash).strip());
            int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
            if (not) {
                out.clear(from, to + 1);
            } else {
                out.set(from, to + 1);
            }
        }
        return out;
    }

    /** virsh's map: {@code y} for each allowed host CPU, {@code -} for the others. */
    static String map(String list, int hostCpus) {
        BitSet s = parse(list);
        StringBuilder sb = new StringBuilder(hostCpus);
        for (int i = 0; i < hostCpus; i++) {
            sb.append(s.get(i) ? 'y' : '-');
        }
        return sb.toString();
    }
}
