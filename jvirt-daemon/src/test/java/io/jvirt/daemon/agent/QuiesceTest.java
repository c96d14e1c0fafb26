package io.jvirt.daemon.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static io.jvirt.daemon.agent.FakeAgent.error;
import static io.jvirt.daemon.agent.FakeAgent.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** snapshot --quiesce's bracket: thawed on every path, against a scripted agent. */
class QuiesceTest {
    @TempDir
    Path dir;
    FakeAgent agent;

    @AfterEach
    void close() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private Quiesce quiesce(Function<JsonNode, String> script) throws Exception {
        agent = new FakeAgent(dir.resolve("ga.sock"), script);
        return new Quiesce(agent.socket, "g", Duration.ofMillis(400));
    }

    private static Function<JsonNode, String> freezeAnd(String freezeAnswer) {
        return cmd -> cmd.path("execute").asText().equals("guest-fsfreeze-freeze") ? freezeAnswer : ok("1");
    }

    @Test
    void freezesRunsTheStepThenThaws() throws Exception {
        Quiesce q = quiesce(freezeAnd(ok("1")));
        assertThat(q.run(() -> {
            assertThat(agent.executed()).containsExactly("guest-fsfreeze-freeze");
            return "snapshot";
        })).isEqualTo("snapshot");
        assertThat(agent.executed()).containsExactly("guest-fsfreeze-freeze", "guest-fsfreeze-thaw");
    }

    @Test
    void aFailingStepIsThawedBeforeItsErrorGoesOn() throws Exception {
        Quiesce q = quiesce(freezeAnd(ok("1")));
        assertThatThrownBy(() -> q.run(() -> {
            throw new IllegalStateException("blockdev-snapshot failed");
        })).hasMessage("blockdev-snapshot failed");
        assertThat(agent.executed()).containsExactly("guest-fsfreeze-freeze", "guest-fsfreeze-thaw");
    }

    @Test
    void aRefusedFreezeRunsNothingAndThawsNothing() throws Exception {
        Quiesce q = quiesce(freezeAnd(error("GenericError", "failed to freeze /: Operation not supported")));
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> q.run(() -> ran.getAndSet(true)))
                .isInstanceOfSatisfying(DaemonException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.HYPERVISOR_FAILED))
                .hasMessageContaining("could not freeze the guest's file systems for --quiesce, so the snapshot was "
                        + "not taken");
        assertThat(ran).isFalse();
        assertThat(agent.executed()).containsExactly("guest-fsfreeze-freeze");
    }

    @Test
    void aFreezeWithoutAnswerIsThawedToo() throws Exception {
        Quiesce q = quiesce(freezeAnd(null));
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> q.run(() -> ran.getAndSet(true)))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageStartingWith("Guest agent is not responding: ");
        assertThat(ran).isFalse();
        assertThat(agent.executed()).containsExactly("guest-fsfreeze-freeze", "guest-fsfreeze-thaw");
    }

    @Test
    void aThawThatFailsIsTriedAgainAndTheResultStands() throws Exception {
        Quiesce q = quiesce(cmd -> cmd.path("execute").asText().equals("guest-fsfreeze-freeze") ? ok("1")
                : error("GenericError", "thaw failed"));
        assertThat(q.run(() -> 7)).isEqualTo(7);
        assertThat(agent.executed()).containsExactly("guest-fsfreeze-freeze", "guest-fsfreeze-thaw",
                "guest-fsfreeze-thaw");
    }

    @Test
    void noAgentChannelIsLibvirtsNotConfigured() {
        agent = null;
        assertThat(Quiesce.notConfigured("g")).hasMessageStartingWith("QEMU guest agent is not configured: domain 'g'");
    }
}
