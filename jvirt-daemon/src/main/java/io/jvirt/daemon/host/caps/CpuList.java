package io.jvirt.daemon.host.caps;

import java.util.ArrayList;
import java.util.List;

/** The kernel's CPU list syntax ({@code 0-3,8,10-11}). Pure. */
final class CpuList {
    private CpuList() {
    }

    /** The numbers a list names, in its order; empty for null or blank. */
    static List<Integer> parse(String list) {
        List<Integer> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String part : list.strip().split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                out.add(Integer.parseInt(part.strip()));
            } else {
                int from = Integer.parseInt(part.substring(0, dash).strip());
                int to = Integer.parseInt(part.substring(dash + 1).strip());
                for (int i = from; i <= to; i++) {
                    out.add(i);
                }
            }
        }
        return out;
    }
}
