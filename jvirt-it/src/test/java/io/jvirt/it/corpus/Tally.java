package io.jvirt.it.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Counts files per key (a refusal reason, a kind of difference) and prints the most common keys. */
final class Tally {

    private final Map<String, TreeSet<String>> filesByKey = new HashMap<>();
    private final Map<String, String> exampleByKey = new HashMap<>();

    /** Records that {@code file} shows {@code key} (once per file and key). */
    void add(String key, String file) {
        filesByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(file);
    }

    /** Records that {@code file} shows {@code key}; the first {@code example} of a key is kept for the summary. */
    void add(String key, String file, String example) {
        add(key, file);
        exampleByKey.putIfAbsent(key, file + ": " + example);
    }

    /** Whether nothing was recorded. */
    boolean isEmpty() {
        return filesByKey.isEmpty();
    }

    /**
     * The {@code limit} most common keys, most files first, each as {@code "  N  key  (e.g. a.xml,
     * b.xml)"}, followed by an indented example line when one was recorded.
     */
    List<String> top(int limit) {
        List<Map.Entry<String, TreeSet<String>>> entries = new ArrayList<>(filesByKey.entrySet());
        entries.sort(Comparator.<Map.Entry<String, TreeSet<String>>>comparingInt(e -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : entries.subList(0, Math.min(limit, entries.size()))) {
            String example = exampleByKey.get(e.getKey());
            if (example != null) {
                lines.add("  %4d  %s".formatted(e.getValue().size(), e.getKey()));
                lines.add("          e.g. " + example);
            } else {
                List<String> files = e.getValue().stream().limit(3).toList();
                lines.add("  %4d  %s  (e.g. %s)".formatted(e.getValue().size(), e.getKey(), String.join(", ", files)));
            }
        }
        return lines;
    }
}
