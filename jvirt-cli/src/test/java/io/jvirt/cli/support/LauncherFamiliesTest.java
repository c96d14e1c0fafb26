package io.jvirt.cli.support;

import io.jvirt.cli.Main;
import io.jvirt.cli.TrainCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./jvirt} launcher picks each verb's AOT cache (its command family) and JVM
 * options; {@code JVIRT_DRY_RUN=1} makes it print the Java command instead of running it.
 */
class LauncherFamiliesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "list --all|domain.aot",
            "-c /s start web1|domain.aot",
            "--connect=/s net-start default|network.aot",
            "--connect /s net-list|network.aot",
            "pool-refresh default|storage.aot",
            "-c /s vol-create-as p v 1G|storage.aot",
            "img info x.qcow2|img.aot",
            "--version|domain.aot",
            "-c|domain.aot",
    })
    void verbPicksItsFamilyCache(String args, String cache) throws Exception {
        assertThat(dryRun(args.split(" "))).contains("-XX:AOTCache=").contains("/" + cache + " ")
                .endsWith("io.jvirt.cli.Main " + args);
    }

    @Test
    void daemonRunsWithoutCacheAndWithDaemonOptions() throws Exception {
        String cmd = dryRun("daemon", "--socket", "/s");
        assertThat(cmd).doesNotContain("AOTCache").contains(String.join(" ", DaemonLauncher.DAEMON_JVM_OPTIONS.subList(0, 3)));
    }

    @Test
    void everyFamilyTheLauncherNamesIsTrained() throws Exception {
        for (String verb : List.of("list", "net-list", "pool-list", "img")) {
            String cmd = dryRun(verb);
            String cache = cmd.replaceAll(".*-XX:AOTCache=\\S*/([a-z]+)\\.aot .*", "$1");
            assertThat(TrainCommand.FAMILIES).contains(cache);
        }
        assertThat(Main.verbs()).allSatisfy(v -> assertThat(dryRun(v)).contains("io.jvirt.cli.Main " + v));
    }

    private static String dryRun(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "jvirt").toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("JVIRT_DRY_RUN", "1");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
