package io.jvirt.daemon.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of a running domain's placement and tuning: each setting applied (with what it
 * did) or not applied (with why), as {@code dominfo} and the API show it. Settings are
 * grouped by section and name, in the order they were tried: {@code cputune vcpupin: applied
 * (vCPU 0 on CPUs 0; vCPU 1 on CPUs 1)}, {@code memtune memory.max: not applied: the cgroup v2
 * memory controller is not available}. Not thread-safe: one start fills it, then it is only read.
 */
public final class TuningReport {

    /** Whether a setting took effect. */
    public enum Outcome {
        /** It took effect. */
        APPLIED,
        /** It did not; the details say why. */
        NOT_APPLIED
    }

    private record Key(String section, String setting, Outcome outcome) {
    }

    private final Map<Key, List<String>> items = new LinkedHashMap<>();

    /** Records that a setting took effect; {@code detail} (or null) says what it did. */
    public void applied(String section, String setting, String detail) {
        add(new Key(section, setting, Outcome.APPLIED), detail);
    }

    /** Records that a setting did not take effect, and why (a phrase without a final period). */
    public void notApplied(String section, String setting, String reason) {
        add(new Key(section, setting, Outcome.NOT_APPLIED), reason);
    }

    private void add(Key key, String detail) {
        List<String> details = items.computeIfAbsent(key, k -> new ArrayList<>());
        if (detail != null && !details.contains(detail)) {
            details.add(detail);
        }
    }

    /** Returns whether anything was recorded. */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Returns whether the setting was recorded with this outcome. */
    public boolean has(String section, String setting, Outcome outcome) {
        return items.containsKey(new Key(section, setting, outcome));
    }

    /** Returns one line per setting and outcome, as {@code dominfo} prints them. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        items.forEach((k, details) -> {
            String head = k.section() + " " + k.setting() + ": ";
            switch (k.outcome()) {
                case APPLIED -> out.add(head + "applied" + (details.isEmpty() ? "" : " (" + String.join("; ", details)
                        + ")"));
                case NOT_APPLIED -> out.add(head + "not applied: " + String.join("; ", details));
            }
        });
        return out;
    }
}
