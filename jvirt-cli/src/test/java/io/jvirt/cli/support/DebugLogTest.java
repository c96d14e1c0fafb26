package io.jvirt.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DebugLogTest {
    @Test
    void theProcessAgeComesFromTheKernelsTicks() {
        // this JVM started before the test ran, and not days ago
        assertThat(DebugLog.processAgeMillis()).isPresent();
        assertThat(DebugLog.processAgeMillis().getAsLong()).isBetween(0L, 86_400_000L);
    }

    @Test
    void aLineCarriesTheClockTheAgeAndTheMessageIndentedUnderIt() {
        StringWriter w = new StringWriter();
        DebugLog log = DebugLog.to(new PrintWriter(w));
        assertThat(log.on()).isTrue();
        log.log("first\nsecond\n");
        assertThat(w.toString()).matches("\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\+\\d+ ms\\] DEBUG first\\R    second\\R");
    }

    @Test
    void offPrintsNothing() {
        assertThat(DebugLog.off().on()).isFalse();
        DebugLog.off().log("nothing");
    }
}
