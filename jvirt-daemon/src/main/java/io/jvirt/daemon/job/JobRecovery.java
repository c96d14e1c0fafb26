package io.jvirt.daemon.job;

import java.util.function.BiConsumer;

/**
 * What one kind of job does with its record when it did not end normally: after a failed
 * step (the job calls it itself) and at daemon start-up, for a job a crash interrupted.
 * From the phase it decides: undo (the domain as before the job) or finish (as after it); in
 * both cases every file the job created is either referenced or removed.
 */
public interface JobRecovery {
    /** The {@link JobRecord#kind()} it handles. */
    String kind();

    /**
     * Brings the domain to a consistent state. Called with the domain's job lock held.
     *
     * @param domain the domain's name
     * @param record the job's last record
     * @throws RuntimeException when it could not; the record is then kept for the next start
     */
    void recover(String domain, JobRecord record);

    /**
     * A recovery from its kind and what it does.
     *
     * @param kind the job kind it handles
     * @param recover called with the domain's name and the job's last record
     * @return the recovery
     */
    static JobRecovery of(String kind, BiConsumer<String, JobRecord> recover) {
        return new JobRecovery() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public void recover(String domain, JobRecord record) {
                recover.accept(domain, record);
            }
        };
    }
}
