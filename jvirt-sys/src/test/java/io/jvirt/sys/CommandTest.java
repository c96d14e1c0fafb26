package io.jvirt.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void feedsStdinAndCollectsOutput() {
        Command.Result r = Command.run(List.of("tr", "a-z", "A-Z"), "hello\n", Duration.ofSeconds(10));
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout()).isEqualTo("HELLO\n");
    }

    @Test
    void reportsFailureWithFirstErrorLine() {
        Command.Result r = Command.run(List.of("ls", "/nonexistent-jvirt-path"));
        assertThat(r.ok()).isFalse();
        assertThat(r.firstErrorLine()).contains("nonexistent-jvirt-path");
    }

    @Test
    void argumentsAreNotInterpretedByAShell() {
        Command.Result r = Command.run(List.of("echo", "$(id) ; rm -rf /"));
        assertThat(r.stdout()).isEqualTo("$(id) ; rm -rf /\n");
    }

    @Test
    void killsACommandThatOverrunsItsTimeout() {
        Command.Result r = Command.run(List.of("sleep", "5"), null, Duration.ofMillis(200));
        assertThat(r.exitCode()).isEqualTo(-1);
    }

    @Test
    void missingProgramIsAnIoError() {
        assertThatThrownBy(() -> Command.run(List.of("/nonexistent/prog")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("/nonexistent/prog");
    }

    @Test
    void procStatSeesThisProcess() {
        ProcStat s = ProcStat.read(ProcessHandle.current().pid()).orElseThrow();
        assertThat(s.alive()).isTrue();
        assertThat(ProcStat.isSameLiveProcess(s.pid(), s.startTime())).isTrue();
        assertThat(ProcStat.isSameLiveProcess(s.pid(), s.startTime() + 1)).isFalse();
    }
}
