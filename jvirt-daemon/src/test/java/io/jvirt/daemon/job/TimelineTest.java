package io.jvirt.daemon.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A log line's account of where an operation's time went. */
class TimelineTest {
    @Test
    void marksAreListedInOrderWithTheMillisecondsSinceTheStart() throws Exception {
        Timeline t = new Timeline();
        assertThat(t.toString()).isEmpty();
        t.mark("assign");
        Thread.sleep(20);
        t.mark("qemu");

        assertThat(t.toString()).matches("assign \\d+\\.\\d, qemu \\d+\\.\\d");
        double qemu = Double.parseDouble(t.toString().replaceAll(".*qemu ", ""));
        assertThat(qemu).isGreaterThanOrEqualTo(20.0);
    }
}
