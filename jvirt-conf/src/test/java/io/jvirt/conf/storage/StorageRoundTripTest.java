package io.jvirt.conf.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.common.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven round trip over {@code src/test/resources/storage/pool} and {@code .../volume}:
 * each {@code NAME.xml} is parsed and formatted; the result must equal {@code NAME.out.xml}
 * when that exists, else the input itself. Parsing the result again must give an equal
 * definition, and formatting must be stable. Run with {@code -Djvirt.regen=true} to rewrite
 * the {@code .out.xml} files.
 */
class StorageRoundTripTest {

    static final Path POOLS = Path.of("src/test/resources/storage/pool");
    static final Path VOLUMES = Path.of("src/test/resources/storage/volume");

    static Stream<String> pools() throws IOException {
        return cases(POOLS);
    }

    static Stream<String> volumes() throws IOException {
        return cases(VOLUMES);
    }

    private static Stream<String> cases(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".xml") && !n.endsWith(".out.xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void pool(String name) throws IOException {
        String input = Files.readString(POOLS.resolve(name + ".xml"), StandardCharsets.UTF_8);
        PoolDef def = PoolXml.parse(input, new Random(42));
        String formatted = PoolXml.format(def, Secrets.INCLUDE);
        assertThat(formatted).isEqualTo(expected(POOLS, name, input, formatted));
        PoolDef again = PoolXml.parse(formatted, new Random(7));
        assertThat(again).isEqualTo(def);
        assertThat(PoolXml.format(again, Secrets.INCLUDE)).isEqualTo(formatted);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("volumes")
    void volume(String name) throws IOException {
        String input = Files.readString(VOLUMES.resolve(name + ".xml"), StandardCharsets.UTF_8);
        VolumeDef def = VolumeXml.parse(input);
        String formatted = VolumeXml.format(def);
        assertThat(formatted).isEqualTo(expected(VOLUMES, name, input, formatted));
        VolumeDef again = VolumeXml.parse(formatted);
        assertThat(again).isEqualTo(def);
        assertThat(VolumeXml.format(again)).isEqualTo(formatted);
    }

    private static String expected(Path dir, String name, String input, String formatted) throws IOException {
        Path out = dir.resolve(name + ".out.xml");
        if (Boolean.getBoolean("jvirt.regen") && Files.exists(out)) {
            Files.writeString(out, formatted, StandardCharsets.UTF_8);
        }
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : input;
    }
}
