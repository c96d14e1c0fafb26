package io.jvirt.daemon.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a running job has recorded about itself, durably, before each step it protects: which
 * job, the phase it reached, the facts its recovery needs, and every file it created (so that
 * a crash never leaves one behind that nothing references). One record per domain at most.
 *
 * @param id the job's id (unique per daemon run and domain)
 * @param operation what it does
 * @param kind the recovery that knows its phases ({@link JobRecovery#kind()})
 * @param phase the phase reached: the step about to run, or done
 * @param startedMillis when it started, milliseconds since the epoch
 * @param facts what the recovery needs, by name (a snapshot's name, the paths of overlays...)
 * @param created the files the job created so far, in creation order, recorded before each was created
 */
public record JobRecord(String id, JobOperation operation, String kind, String phase, long startedMillis,
                        Map<String, String> facts, List<String> created) {

    /** Copies the collections. */
    public JobRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phase, "phase");
        facts = facts == null ? Map.of() : new LinkedHashMap<>(facts);
        created = created == null ? List.of() : List.copyOf(created);
    }

    @Override
    public Map<String, String> facts() {
        return Map.copyOf(facts);
    }

    /** This record at another phase. */
    public JobRecord withPhase(String newPhase) {
        return new JobRecord(id, operation, kind, newPhase, startedMillis, facts, created);
    }

    /** This record with one more fact. */
    public JobRecord withFact(String name, String value) {
        Map<String, String> f = new LinkedHashMap<>(facts);
        f.put(name, value);
        return new JobRecord(id, operation, kind, phase, startedMillis, f, created);
    }

    /** This record with one more created file. */
    public JobRecord withCreated(String path) {
        List<String> c = new ArrayList<>(created);
        c.add(path);
        return new JobRecord(id, operation, kind, phase, startedMillis, facts, c);
    }

    /** A fact, or null when it was not recorded. */
    public String fact(String name) {
        return facts.get(name);
    }
}
