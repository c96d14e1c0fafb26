package io.jvirt.cli.support;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's {@code jvirt daemon} and an auto-started daemon run with the same JVM options. */
class DaemonOptionsTest {
    @Test
    void launcherAndAutoStartAgree() throws Exception {
        Path launcher = Path.of("..", "jvirt");
        String script = Files.readString(launcher);
        int start = script.indexOf("daemon) JOPTS=(");
        assertThat(start).as("the launcher's daemon branch").isNotNegative();
        String branch = script.substring(start + "daemon) JOPTS=(".length(), script.indexOf(") ;;", start));
        List<String> launcherOptions = Arrays.stream(branch.split("\\s+")).filter(s -> !s.isBlank()).toList();
        assertThat(launcherOptions).containsAll(DaemonLauncher.DAEMON_JVM_OPTIONS);
        // the launcher may only add log routing to the terminal on top
        assertThat(launcherOptions).filteredOn(o -> !DaemonLauncher.DAEMON_JVM_OPTIONS.contains(o))
                .containsOnly("-Xlog:all=warning:stderr");
    }
}
