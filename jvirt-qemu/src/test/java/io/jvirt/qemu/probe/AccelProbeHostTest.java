package io.jvirt.qemu.probe;

import io.jvirt.qemu.argv.Accel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Runs the real probe on this host (real QEMU, real /dev/kvm); the answer depends on the host. */
class AccelProbeHostTest {
    @Test
    void decidesWithinItsTimeouts() {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"))).as("QEMU is installed").isTrue();
        AccelProbe.Config c = AccelProbe.Config.defaults();
        long start = System.nanoTime();

        AccelResult r = new AccelProbe(c).probeNow();

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("AccelProbe on this host took " + took.toMillis() + " ms: " + r);
        assertThat(took).isLessThan(c.payloadTimeout().plus(c.bootTimeout()).plusSeconds(5));
        assertThat(r.reason()).endsWith(".");
        if (!Files.exists(Path.of("/dev/kvm"))) {
            assertThat(r.accel()).isEqualTo(Accel.TCG);
        }
    }
}
