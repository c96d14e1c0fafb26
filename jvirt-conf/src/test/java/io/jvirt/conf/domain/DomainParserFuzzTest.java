package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Mutates the sample documents at random (seeded, so failures reproduce): every mutant must
 * either parse, and then round-trip, or fail with a {@link ConfException}; any other
 * exception is a parser bug. {@code -Djvirt.fuzz.iterations=N -Djvirt.fuzz.seed=S} run a
 * longer or different campaign.
 */
class DomainParserFuzzTest {

    private static final String[] TOKENS = {"", "0", "-1", "1", "0x", "0x1f", "99999999999999999999", "'", "\"",
        "<", ">", "&", "&amp;", "yes", "no", "on", "off", "/", "a/b", "\u0001", " ", "vda", "sda", "hdz",
        "virtio", "pci", "drive", "usb", "none", "kvm", "pflash", "unix", "pty", "file", "4294967296", "1.5",
        "<foo/>", "</devices>", "<devices>", "<!-- c -->", "<![CDATA[x]]>"};
    private static final Pattern VALUE = Pattern.compile("'[^']*'|\"[^\"]*\"|>[^<]+<");

    @Test
    void mutantsParseOrFailCleanly() throws IOException {
        List<String> samples;
        try (var files = Files.list(DomainRoundTripTest.DIR)) {
            samples = files.filter(p -> p.toString().endsWith(".xml")).sorted()
                    .map(DomainParserFuzzTest::read).toList();
        }
        Random random = new Random(Long.getLong("jvirt.fuzz.seed", 20261122L));
        int parsed = 0;
        int iterations = Integer.getInteger("jvirt.fuzz.iterations", 5000);
        for (int i = 0; i < iterations; i++) {
            String base = samples.get(random.nextInt(samples.size()));
            String mutant = mutate(base, random);
            try {
                DomainDef def = DomainXml.parse(mutant, new Random(1));
                String formatted = DomainXml.format(def, Secrets.INCLUDE);
                assertThat(DomainXml.parse(formatted, new Random(2))).as(mutant).isEqualTo(def);
                parsed++;
            } catch (ConfException expected) {
                assertThat(expected.getMessage()).as(mutant).isNotBlank().doesNotContain("null");
            } catch (RuntimeException | AssertionError e) {
                fail("Mutant " + i + " threw " + e + " for:\n" + mutant, e);
            }
        }
        assertThat(parsed).as("some mutants stay valid").isGreaterThan(100);
    }

    private static String mutate(String s, Random r) {
        int kind = r.nextInt(4);
        if (kind == 0) {
            Matcher m = VALUE.matcher(s);
            List<int[]> spans = m.results().map(x -> new int[] {x.start() + 1, x.end() - 1}).toList();
            int[] span = spans.get(r.nextInt(spans.size()));
            return s.substring(0, span[0]) + TOKENS[r.nextInt(TOKENS.length)] + s.substring(span[1]);
        }
        int at = r.nextInt(s.length());
        return switch (kind) {
            case 1 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(20)));
            case 2 -> s.substring(0, at) + TOKENS[r.nextInt(TOKENS.length)] + s.substring(at);
            default -> {
                int end = Math.min(s.length(), at + r.nextInt(80));
                yield s.substring(0, end) + s.substring(at, end) + s.substring(end);
            }
        };
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
