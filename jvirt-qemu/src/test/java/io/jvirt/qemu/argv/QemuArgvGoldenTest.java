package io.jvirt.qemu.argv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.domain.DomainDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per {@code argv/NAME.xml}: the built argv must equal {@code NAME.args}, or the
 * build must fail with the message in {@code NAME.err}. Run with {@code -Djvirt.regen=true}
 * to rewrite the {@code .args} files.
 */
class QemuArgvGoldenTest {

    static Stream<String> cases() {
        return ArgvCases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void golden(String name) throws IOException {
        DomainDef def = ArgvCases.definition(name);
        LaunchContext ctx = ArgvCases.context(name, def);
        if (ArgvCases.expectsError(name)) {
            String expected = Files.readString(ArgvCases.DIR.resolve(name + ".err"), StandardCharsets.UTF_8).strip();
            assertThatThrownBy(() -> QemuArgv.build(def, ctx)).isInstanceOf(ArgvException.class).hasMessage(expected);
            return;
        }
        List<String> argv = QemuArgv.build(def, ctx);
        String actual = String.join("\n", argv) + "\n";
        Path golden = ArgvCases.DIR.resolve(name + ".args");
        if (Boolean.getBoolean("jvirt.regen")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file; run with -Djvirt.regen=true to create it").exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(QemuArgv.build(def, ctx)).as("deterministic").isEqualTo(argv);
        assertKeepsImageLocks(argv);
    }

    /**
     * QEMU keeps its image locks (QEMU's default, locking=auto): jvirt img, qemu-img and the
     * daemon's own volume operations rely on them to leave a running guest's images alone.
     */
    @Test
    void theLockCheckCatchesLockingOff() {
        assertKeepsImageLocks(List.of("-blockdev", "driver=file,filename=/i/a.qcow2,node-name=vda-file,auto-read-only=on"));
        assertKeepsImageLocks(List.of("-vnc", "127.0.0.1:0,share=force-shared"));
        for (String off : List.of("driver=file,filename=/i/a.qcow2,locking=off", "file=/i/a.qcow2,file.locking=off",
                "{\"driver\":\"file\",\"locking\":\"off\"}", "driver=qcow2,force-share=on,read-only=on")) {
            assertThatThrownBy(() -> assertKeepsImageLocks(List.of("-blockdev", off))).as(off)
                    .isInstanceOf(AssertionError.class);
        }
    }

    static void assertKeepsImageLocks(List<String> argv) {
        List<String> blockArgs = IntStream.range(1, argv.size())
                .filter(i -> argv.get(i - 1).equals("-blockdev") || argv.get(i - 1).equals("-drive"))
                .mapToObj(argv::get).toList();
        assertThat(blockArgs).as("no file node turns QEMU's image locks off")
                .noneMatch(a -> a.matches("(?s).*\\blocking=(off|false|no).*"))
                .noneMatch(a -> a.contains("\"locking\""))
                .noneMatch(a -> a.matches("(?s).*\\bforce-share[=\"].*"));
    }
}
