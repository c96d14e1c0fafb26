package io.jvirt.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnTest {

    @Test
    void childGetsThePassedDescriptorAtItsNumberAndNothingElse(@TempDir Path tmp) throws Exception {
        Path passed = Files.writeString(tmp.resolve("passed.txt"), "x");
        Path log = tmp.resolve("log");
        int fd = Spawn.openReadWrite(passed);
        int unrelated = Spawn.openReadWrite(passed);
        try {
            long pid = Spawn.spawn(List.of("ls", "-l", "/proc/self/fd/"), Map.of(), log,
                    List.of(new Spawn.Fd(fd, 7)), false);
            assertThat(Spawn.waitFor(pid)).isZero();
        } finally {
            Spawn.close(fd);
            Spawn.close(unrelated);
        }
        String out = Files.readString(log);
        assertThat(out).contains(" 7 -> " + passed).contains(" 0 -> /dev/null").contains(" 1 -> " + log)
                .contains(" 2 -> " + log);
        // ls opens fd 3 for the directory it lists; nothing of the JVM's reaches the child
        assertThat(out.lines().filter(l -> l.contains(" -> ")).count()).isEqualTo(5);
    }

    @Test
    void exitCodesEnvironmentAndSession(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("log");
        long pid = Spawn.spawn(List.of("env"), Map.of("JVIRT_SPAWN_TEST", "yes"), log, List.of(), true);
        assertThat(Spawn.waitFor(pid)).isZero();
        assertThat(Files.readString(log)).contains("JVIRT_SPAWN_TEST=yes");
        pid = Spawn.spawn(List.of("false"), Map.of(), log, List.of(), false);
        assertThat(Spawn.waitFor(pid)).isEqualTo(1);
        pid = Spawn.spawn(List.of("sleep", "30"), Map.of(), log, List.of(), true);
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        long session = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
        assertThat(session).as("the child leads its own session").isEqualTo(pid);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertThat(Spawn.waitFor(pid)).isEqualTo(128 + 9);
    }

    @Test
    void aMissingProgramIsAnIoError(@TempDir Path tmp) {
        assertThatThrownBy(() -> Spawn.spawn(List.of("/nonexistent/qemu"), Map.of(), tmp.resolve("log"), List.of(),
                false)).isInstanceOf(IOException.class).hasMessageContaining("No such file");
    }
}
