package io.jvirt.daemon.tuning;

import java.nio.file.Path;
import java.util.List;

/**
 * What a running domain's tuning left on the host and what it reported, kept in its runtime
 * record so that a restarted daemon still shows it and still cleans it up.
 *
 * @param cgroup QEMU's cgroup directory, or null
 * @param dirs the memory directories made for it (huge page directories)
 * @param report the report's lines, as {@code dominfo} shows them
 */
public record TuningState(String cgroup, List<String> dirs, List<String> report) {

    /** Nothing made, nothing reported. */
    public static final TuningState NONE = new TuningState(null, List.of(), List.of());

    /** Copies the lists; null lists (an older record) are empty. */
    public TuningState {
        dirs = dirs == null ? List.of() : List.copyOf(dirs);
        report = report == null ? List.of() : List.copyOf(report);
    }

    /** Returns the cgroup as a path, or null. */
    public Path cgroupPath() {
        return cgroup == null ? null : Path.of(cgroup);
    }

    /** Returns the directories as paths. */
    public List<Path> dirPaths() {
        return dirs.stream().map(Path::of).toList();
    }
}
