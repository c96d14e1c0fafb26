package io.jvirt.conf.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.common.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven round trip over {@code src/test/resources/network}: each {@code NAME.xml} is
 * parsed and formatted; the result must equal {@code NAME.out.xml} when that exists, else
 * the input itself. Parsing the result must give an equal definition, and formatting again
 * must be stable. Run with {@code -Djvirt.regen=true} to rewrite the {@code .out.xml} files.
 */
class NetworkRoundTripTest {

    static final Path DIR = Path.of("src/test/resources/network");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".xml") && !n.endsWith(".out.xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTrip(String name) throws IOException {
        String input = Files.readString(DIR.resolve(name + ".xml"), StandardCharsets.UTF_8);
        NetworkDef def = NetworkXml.parse(input, new Random(42));
        String formatted = NetworkXml.format(def, Secrets.INCLUDE);

        Path out = DIR.resolve(name + ".out.xml");
        if (Boolean.getBoolean("jvirt.regen") && Files.exists(out)) {
            Files.writeString(out, formatted, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : input;
        assertThat(formatted).isEqualTo(expected);

        NetworkDef again = NetworkXml.parse(formatted, new Random(7));
        assertThat(again).isEqualTo(def);
        assertThat(NetworkXml.format(again, Secrets.INCLUDE)).isEqualTo(formatted);
    }
}
