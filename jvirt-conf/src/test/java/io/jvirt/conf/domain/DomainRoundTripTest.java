package io.jvirt.conf.domain;

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
 * Data-driven round trip over {@code src/test/resources/domain}: each {@code NAME.xml} is
 * parsed and formatted; the result must equal {@code NAME.out.xml} when that exists, else
 * the input itself. Formatting again must be stable. ({@code NAME.public.xml} files are the
 * outputs without secrets, checked by {@link DomainSecretsTest}.) Run with {@code -Djvirt.regen=true}
 * to rewrite the {@code .out.xml} files.
 */
class DomainRoundTripTest {

    static final Path DIR = Path.of("src/test/resources/domain");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".xml") && !n.endsWith(".out.xml") && !n.endsWith(".public.xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTrip(String name) throws IOException {
        String input = Files.readString(DIR.resolve(name + ".xml"), StandardCharsets.UTF_8);
        DomainDef def = DomainXml.parse(input, new Random(42));
        String formatted = DomainXml.format(def, Secrets.INCLUDE);

        Path out = DIR.resolve(name + ".out.xml");
        if (Boolean.getBoolean("jvirt.regen") && Files.exists(out)) {
            Files.writeString(out, formatted, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : input;
        assertThat(formatted).isEqualTo(expected);

        DomainDef again = DomainXml.parse(formatted, new Random(7));
        assertThat(again).isEqualTo(def);
        assertThat(DomainXml.format(again, Secrets.INCLUDE)).isEqualTo(formatted);
    }
}
