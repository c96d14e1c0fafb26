package io.jvirt.daemon;

import org.eclipse.jetty.util.MemoryUtils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon tells Jetty the reference size, so that Jetty does not start JMX to ask for it
 * (~6 MiB of resident memory). Checked in a fresh JVM, where nothing else has loaded JMX.
 */
class JettyMemoryProbeTest {
    /** Run in the fresh JVM: what the daemon does before Jetty starts, then Jetty's probe. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("told")) {
            Jvirtd.skipJettyMemoryProbe();
        }
        System.out.println("references per cache line: " + MemoryUtils.getReferencesPerCacheLine());
    }

    @Test
    void toldJettyLoadsNoJmx() throws Exception {
        assertThat(classesLoaded("told")).contains("references per cache line: 16")
                .doesNotContain("java.lang.management.ManagementFactory");
    }

    @Test
    void untoldJettyWouldStartJmx() throws Exception {
        // the check above can fail: without the property, this Jetty does load JMX
        assertThat(classesLoaded("untold")).contains("java.lang.management.ManagementFactory");
    }

    private static String classesLoaded(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), JettyMemoryProbeTest.class.getName(), mode))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
