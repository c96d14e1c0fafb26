package io.jvirt.cli.inspect;

import io.jvirt.api.DomainJobInfo;
import io.jvirt.api.QemuMonitorEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** domjobinfo's and qemu-monitor-event's text, laid out as virsh 9.0 lays it out. */
class JobTextTest {
    private static final DomainJobInfo RUNNING = new DomainJobInfo(DomainJobInfo.Type.UNBOUNDED, "Save", "save-memory",
            1234, 300L << 20, 1L << 30, 300L << 20, 1L << 30, null);

    @Test
    void aRunningSave() {
        assertThat(JobText.info(RUNNING, false, false)).isEqualTo("""
                Job type:         Unbounded  \s
                Operation:        Save       \s
                Time elapsed:     1234         ms
                Data processed:   300.000 MiB
                Data remaining:   724.000 MiB
                Data total:       1.000 GiB
                Memory processed: 300.000 MiB
                Memory remaining: 724.000 MiB
                Memory total:     1.000 GiB
                """);
    }

    @Test
    void anEndedJobShowsItsFiguresOnlyWhenCompletedOrWithAnystats() {
        DomainJobInfo cancelled = new DomainJobInfo(DomainJobInfo.Type.CANCELLED, "Save", "save-memory", 2000, 5, 10, 0,
                0, "the save job was aborted by request.");
        assertThat(JobText.info(cancelled, true, false)).isEqualTo("""
                Job type:         Cancelled  \s
                Operation:        Save       \s
                """);
        assertThat(JobText.info(cancelled, true, true)).endsWith("""
                Data processed:   5.000 B
                Data remaining:   5.000 B
                Data total:       10.000 B
                Error message:    the save job was aborted by request.
                """);
        DomainJobInfo done = new DomainJobInfo(DomainJobInfo.Type.COMPLETED, "Snapshot", "done", 10, 0, 0, 0, 0, null);
        assertThat(JobText.info(done, true, false)).isEqualTo("""
                Job type:         Completed  \s
                Operation:        Snapshot   \s
                Time elapsed:     10           ms
                """);
    }

    @Test
    void rawStatsUseLibvirtsNumbersAndNames() {
        assertThat(JobText.raw(RUNNING)).isEqualTo("Job type: 2\n\noperation: 2\ntime_elapsed: 1234\n"
                + "data_total: 1073741824\ndata_processed: 314572800\ndata_remaining: 759169024\n"
                + "memory_total: 1073741824\nmemory_processed: 314572800\nmemory_remaining: 759169024\n");
    }

    @Test
    void monitorEventLines() {
        QemuMonitorEvent stop = new QemuMonitorEvent("demo", "u", "STOP", 1764999999L, 1234, null);
        assertThat(QemuMonitorEventCommand.line(stop, false, null))
                .isEqualTo("event STOP at 1764999999.001234 for domain 'demo': <null>");
        QemuMonitorEvent shutdown = new QemuMonitorEvent("demo", "u", "SHUTDOWN", 5, 0,
                "{\"guest\":false,\"reason\":\"host-qmp-quit\"}");
        assertThat(QemuMonitorEventCommand.line(shutdown, false, "2026-12-06 08:00:00.000+0000")).isEqualTo(
                "2026-12-06 08:00:00.000+0000: event SHUTDOWN for domain 'demo': {\"guest\":false,\"reason\":\"host-qmp-quit\"}");
        assertThat(QemuMonitorEventCommand.line(shutdown, true, null)).isEqualTo("""
                event SHUTDOWN at 5.000000 for domain 'demo': {
                  "guest": false,
                  "reason": "host-qmp-quit"
                }""");
    }
}
