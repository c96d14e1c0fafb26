package io.jvirt.daemon.domain;

import io.jvirt.conf.snapshot.SnapshotDef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's snapshots and which one is current, as an immutable value replaced as a whole
 * (queries read it without any lock). The definitions it holds carry no current mark; the
 * tree keeps that. Order is creation order, so a parent always comes before its children.
 */
final class SnapshotTree {
    static final SnapshotTree EMPTY = new SnapshotTree(Map.of(), null);

    private final Map<String, SnapshotDef> byName;
    private final String current;

    private SnapshotTree(Map<String, SnapshotDef> byName, String current) {
        this.byName = Collections.unmodifiableMap(byName);
        this.current = current;
    }

    /** A tree of {@code snapshots}, parents before children as far as they allow. */
    static SnapshotTree of(List<SnapshotDef> snapshots, String current) {
        Map<String, SnapshotDef> all = new LinkedHashMap<>();
        for (SnapshotDef s : snapshots) {
            all.put(s.name(), s.toBuilder().current(null).build());
        }
        Map<String, SnapshotDef> ordered = new LinkedHashMap<>();
        List<SnapshotDef> byTime = new ArrayList<>(all.values());
        byTime.sort((a, b) -> Long.compare(time(a), time(b)));
        for (SnapshotDef s : byTime) {
            addWithAncestors(s, all, ordered);
        }
        return new SnapshotTree(ordered, current != null && ordered.containsKey(current) ? current : null);
    }

    private static long time(SnapshotDef s) {
        return s.creationTime() == null ? 0 : s.creationTime();
    }

    private static void addWithAncestors(SnapshotDef s, Map<String, SnapshotDef> all, Map<String, SnapshotDef> out) {
        Deque<SnapshotDef> line = new ArrayDeque<>();
        for (SnapshotDef p = s; p != null && !out.containsKey(p.name()) && !line.contains(p);
             p = p.parent() == null ? null : all.get(p.parent())) {
            line.push(p);
        }
        while (!line.isEmpty()) {
            SnapshotDef p = line.pop();
            out.put(p.name(), p);
        }
    }

    int size() {
        return byName.size();
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The snapshot named, or null. */
    SnapshotDef get(String name) {
        return byName.get(name);
    }

    /** The current snapshot's name, or null. */
    String current() {
        return current;
    }

    /** Every snapshot, parents before children. */
    List<SnapshotDef> all() {
        return List.copyOf(byName.values());
    }

    /** This tree with {@code s} added or replaced (its current mark ignored). */
    SnapshotTree with(SnapshotDef s) {
        Map<String, SnapshotDef> m = new LinkedHashMap<>(byName);
        m.put(s.name(), s.toBuilder().current(null).build());
        return new SnapshotTree(m, current);
    }

    /** This tree without {@code name}; the current mark goes with it. */
    SnapshotTree without(String name) {
        Map<String, SnapshotDef> m = new LinkedHashMap<>(byName);
        m.remove(name);
        return new SnapshotTree(m, name.equals(current) ? null : current);
    }

    /** This tree with another current snapshot (null for none). */
    SnapshotTree withCurrent(String name) {
        if (name != null && !byName.containsKey(name)) {
            throw new IllegalArgumentException("no snapshot " + name);
        }
        return new SnapshotTree(new LinkedHashMap<>(byName), name);
    }

    /** The direct children of {@code name}, in creation order. */
    List<SnapshotDef> children(String name) {
        List<SnapshotDef> out = new ArrayList<>();
        for (SnapshotDef s : byName.values()) {
            if (name.equals(s.parent())) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every descendant of {@code name}, parents before children. */
    List<SnapshotDef> descendants(String name) {
        List<SnapshotDef> out = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(name));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String n = todo.poll();
            for (SnapshotDef c : children(n)) {
                if (seen.add(c.name())) {
                    out.add(c);
                    todo.add(c.name());
                }
            }
        }
        List<SnapshotDef> ordered = new ArrayList<>();
        for (SnapshotDef s : byName.values()) {
            if (out.contains(s)) {
                ordered.add(s);
            }
        }
        return ordered;
    }

    /** Whether {@code name} has no children. */
    boolean isLeaf(String name) {
        return byName.values().stream().noneMatch(s -> name.equals(s.parent()));
    }

    /** Whether {@code name} has no parent in the tree. */
    boolean isRoot(String name) {
        SnapshotDef s = byName.get(name);
        return s != null && (s.parent() == null || !byName.containsKey(s.parent()));
    }
}
