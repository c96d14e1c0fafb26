package io.jvirt.it.virtinst;

import io.jvirt.it.virtinst.RoundTrip.Crashed;
import io.jvirt.it.virtinst.RoundTrip.Outcome;
import io.jvirt.it.virtinst.RoundTrip.Passed;
import io.jvirt.it.virtinst.RoundTrip.Refused;
import io.jvirt.it.virtinst.RoundTrip.Unstable;
import io.jvirt.it.virtinst.VirtInstSet.Doc;
import io.jvirt.it.virtinst.VirtInstSet.LibvirtVerdict;
import io.jvirt.it.virtinst.VirtInstSet.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Bring your own XML": what jvirt's domain parser makes of the XML that the real virt-install
 * writes (and of libvirt's own dumpxml of it), from the set {@code scripts/virtinst-set.sh}
 * regenerates.
 *
 * <p>Every document goes through parse, format, parse, format. Most do not pass yet, so the
 * test is a ratchet: the documents listed in {@code virtinst/jvirt-passes.txt} must pass (a
 * regression fails the build), any other outcome is recorded, and documents that newly pass
 * are reported so that they can be added to the list. The parser must never fail with anything
 * but its own {@code ConfException}. The summary goes to standard output and to
 * {@code target/virtinst-report.txt}; {@code target/virtinst-passes.txt} is the list of what
 * passes now, ready to replace the ratchet file.
 */
class VirtInstallXmlTest {

    /** Fewer documents than this means the set was not generated completely. */
    private static final int MIN_VIRT_INSTALL_CASES = 40;

    private static final List<Doc> DOCS = VirtInstSet.load();
    private static final Set<String> RATCHET =
            new TreeSet<>(VirtInstSet.readIdList(VirtInstSet.dir().resolve("jvirt-passes.txt")));
    private static final Map<String, Outcome> OUTCOMES = new ConcurrentSkipListMap<>();

    @TestFactory
    Stream<DynamicTest> everyDocumentRoundTripsOrStaysRecorded() {
        return DOCS.stream().map(doc -> DynamicTest.dynamicTest(doc.id(), doc.file().toUri(), () -> {
            Outcome outcome = RoundTrip.run(doc.read());
            OUTCOMES.put(doc.id(), outcome);
            assertThat(outcome)
                    .as("%s: jvirt's parser must refuse bad input with a ConfException, not %s", doc.id(),
                            outcome.summary())
                    .isNotInstanceOf(Crashed.class);
            if (RATCHET.contains(doc.id())) {
                assertThat(outcome)
                        .as("%s is listed in virtinst/jvirt-passes.txt but now %s", doc.id(), outcome.summary())
                        .isInstanceOf(Passed.class);
            }
        }));
    }

    @Test
    void ratchetNamesOnlyDocumentsOfTheSet() {
        Set<String> ids = DOCS.stream().map(Doc::id).collect(Collectors.toSet());
        List<String> unknown = RATCHET.stream().filter(id -> !ids.contains(id)).toList();
        assertThat(unknown).as("ids in virtinst/jvirt-passes.txt without a document").isEmpty();
    }

    @Test
    void setIsCompleteAndSaysHowItWasMade() {
        List<Doc> virtInstall = DOCS.stream().filter(d -> d.source() == Source.VIRT_INSTALL).toList();
        long cases = virtInstall.stream().filter(d -> !d.id().contains("/") && !d.id().endsWith(VirtInstSet.INSTALL))
                .count();
        assertThat(cases).as("top-level cases").isGreaterThanOrEqualTo(MIN_VIRT_INSTALL_CASES);
        for (Doc d : virtInstall) {
            String text = d.read();
            assertThat(text).as(d.id()).startsWith("<!-- jvirt virtinst-set case " + d.caseName() + " ")
                    .contains("virt-install \\-\\-connect ").contains("\\-\\-print-xml");
            assertThat(d.libvirt()).as("%s: libvirt's verdict (.libvirt.xml or .libvirt-refused.txt)", d.id())
                    .isNotEqualTo(LibvirtVerdict.UNKNOWN);
        }
        for (Doc d : DOCS.stream().filter(d -> d.source() == Source.LIBVIRT).toList()) {
            Path input = d.file().resolveSibling(d.file().getFileName().toString().replace(".libvirt.xml", ".xml"));
            assertThat(input).as("the virt-install document %s.libvirt.xml was made from", d.id()).exists();
        }
    }

    @AfterAll
    static void report() throws IOException {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        String text = summary();
        System.out.println(text);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("virtinst-report.txt"), text);
            List<String> passes = OUTCOMES.entrySet().stream().filter(e -> e.getValue() instanceof Passed)
                    .map(Map.Entry::getKey).toList();
            Files.writeString(target.resolve("virtinst-passes.txt"), header() + String.join("\n", passes)
                    + (passes.isEmpty() ? "" : "\n"));
        }
    }

    static String header() {
        return """
                # Documents of the virt-install set (ids: paths below virtinst/ without .xml) that jvirt's
                # parser and address assigner must keep accepting (as define does): parse, assign addresses,
                # format, parse again to the same definition, format again to the same text.
                # VirtInstallXmlTest fails when one of them stops passing and reports documents that
                # pass but are not listed here; it writes the current list to
                # jvirt-it/target/virtinst-passes.txt.
                """;
    }

    private static String summary() {
        StringBuilder out = new StringBuilder("virt-install XML set (jvirt-it/src/test/resources/virtinst):\n");
        Map<String, List<Doc>> groups = new TreeMap<>();
        for (Doc d : DOCS) {
            String group = switch (d.libvirt()) {
                case ACCEPTED -> "1 virt-install documents that libvirt accepts";
                case REFUSED -> "2 virt-install documents that libvirt refuses too";
                case IS_LIBVIRT_OUTPUT -> "3 libvirt's dumpxml of them";
                case UNKNOWN -> "4 virt-install documents without libvirt's verdict";
            };
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(d);
        }
        int passed = 0;
        for (var g : groups.entrySet()) {
            long p = g.getValue().stream().filter(d -> OUTCOMES.get(d.id()) instanceof Passed).count();
            passed += (int) p;
            out.append(String.format("  %-50s %3d of %3d pass%n", g.getKey().substring(2) + ":", p, g.getValue().size()));
        }
        out.append(String.format("  %-50s %3d of %3d pass (%d listed in jvirt-passes.txt)%n", "all documents:", passed,
                OUTCOMES.size(), RATCHET.size()));
        List<String> fresh = OUTCOMES.entrySet().stream()
                .filter(e -> e.getValue() instanceof Passed && !RATCHET.contains(e.getKey())).map(Map.Entry::getKey)
                .toList();
        if (!fresh.isEmpty()) {
            out.append("\nNew passes, not yet in virtinst/jvirt-passes.txt (copy jvirt-it/target/virtinst-passes.txt):\n");
            fresh.forEach(id -> out.append("  ").append(id).append('\n'));
        }
        Map<String, List<String>> byReason = new TreeMap<>();
        OUTCOMES.forEach((id, o) -> {
            String reason = switch (o) {
                case Passed p -> null;
                case Refused r -> r.kind() + ": " + r.detail();
                case Unstable u -> u.summary();
                case Crashed c -> c.summary();
            };
            if (reason != null) {
                byReason.computeIfAbsent(reason, k -> new ArrayList<>()).add(id);
            }
        });
        out.append("\nFirst refusals, most frequent first:\n");
        byReason.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).forEach(e -> {
            List<String> ids = e.getValue();
            out.append(String.format("  %3d  %s%n       e.g. %s%n", ids.size(), e.getKey(),
                    String.join(", ", ids.subList(0, Math.min(4, ids.size())))));
        });
        out.append("\nPer document:\n");
        OUTCOMES.forEach((id, o) -> out.append("  ").append(id).append(": ").append(o.summary()).append('\n'));
        return out.toString();
    }
}
