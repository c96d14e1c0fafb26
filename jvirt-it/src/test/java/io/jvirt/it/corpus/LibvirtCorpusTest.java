package io.jvirt.it.corpus;

import io.jvirt.conf.common.Secrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.domain.DomainXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * libvirt's own domain XML corpus as the judge of jvirt's XML support. For every x86 input of
 * tests/qemuxml2argvdata (see {@link Corpus} for the selection): parse, format, parse, format; the
 * two outputs must be equal, and the output must keep everything of the input ({@link XmlLoss}:
 * attribute order, whitespace and unit scaling are normalized, defaults jvirt adds are allowed, a
 * dropped or changed element, attribute or text is a loss). Refusals are grouped by the first clause
 * of jvirt's message ({@link XmlOutcome#reason}).
 *
 * <p>It prints a summary (how many libvirt defines, per {@code corpus/libvirt-defines.txt} that
 * {@code scripts/libvirt-corpus-peer.sh} measured; how many jvirt defines, round-trips and keeps
 * whole; the most common refusal reasons and losses), writes every file's outcome to
 * {@code target/corpus/xml-report.txt}, and checks the ratchet {@code corpus/jvirt-xml-passes.txt}:
 * a listed file that no longer passes fails the test; a file that passes but is not listed is
 * reported ({@code -Djvirt.corpus.update=true} rewrites the list).
 */
class LibvirtCorpusTest {

    static final Path PASSES = Corpus.LISTS.resolve("jvirt-xml-passes.txt");
    static final Path REPORT = Path.of("target/corpus/xml-report.txt");

    @Test
    void libvirtCorpusRoundTripsWithoutLoss() throws IOException {
        Corpus corpus = Corpus.load();
        SortedSet<String> libvirtDefines = Ratchet.readNames(Corpus.LIBVIRT_DEFINES);
        Map<String, XmlOutcome> outcomes = new TreeMap<>();
        for (Corpus.Case c : corpus.cases()) {
            outcomes.put(c.file(), XmlOutcome.of(Files.readString(c.xml(), StandardCharsets.UTF_8)));
        }

        Set<String> passing = new TreeSet<>();
        Tally refusals = new Tally();
        Tally losses = new Tally();
        List<String> report = new ArrayList<>();
        outcomes.forEach((file, outcome) -> {
            boolean libvirt = libvirtDefines.contains(file);
            report.add(file + "\tlibvirt " + (libvirt ? "defines" : "refuses") + "\t" + outcome.describe());
            switch (outcome) {
                case XmlOutcome.Passed p -> passing.add(file);
                case XmlOutcome.Refused r -> {
                    if (libvirt) {
                        refusals.add(r.reason(), file);
                    }
                }
                case XmlOutcome.Unstable u -> losses.add("unstable format", file, u.detail());
                case XmlOutcome.Lossy l -> l.losses().forEach(loss -> losses.add(loss.kind(), file, loss.detail()));
                case XmlOutcome.Crashed c -> {
                    if (libvirt) {
                        refusals.add("crash: " + c.error(), file);
                    }
                }
            }
        });

        int total = corpus.cases().size();
        long defined = outcomes.values().stream().filter(XmlOutcome::defined).count();
        List<String> jvirtOnly = outcomes.entrySet().stream()
                .filter(e -> e.getValue().defined() && !libvirtDefines.contains(e.getKey())).map(Map.Entry::getKey).toList();
        List<String> summary = new ArrayList<>();
        summary.add("== libvirt corpus, XML (LibvirtCorpusTest) ==");
        summary.add(corpus.selectionSummary());
        summary.add("libvirt defines %d of %d (virsh define, %s)".formatted(
                outcomes.keySet().stream().filter(libvirtDefines::contains).count(), total, Corpus.LIBVIRT_DEFINES));
        summary.add("jvirt defines %d of %d; %d round-trip and keep everything, %d lose something, %d format unstably; %d crash"
                .formatted(defined, total, passing.size(), count(outcomes, XmlOutcome.Lossy.class),
                        count(outcomes, XmlOutcome.Unstable.class), count(outcomes, XmlOutcome.Crashed.class)));
        summary.add("libvirt defines but jvirt refuses: %d".formatted(outcomes.entrySet().stream()
                .filter(e -> !e.getValue().defined() && libvirtDefines.contains(e.getKey())).count()));
        summary.add("jvirt defines but libvirt refuses: %d %s".formatted(jvirtOnly.size(), String.join(" ", jvirtOnly)));
        summary.add("top refusal reasons among the files libvirt defines (files, reason):");
        summary.addAll(refusals.top(25));
        if (!losses.isEmpty()) {
            summary.add("top losses (files, what, an example):");
            summary.addAll(losses.top(15));
        }

        summary.addAll(libvirtDefaults(corpus, outcomes));

        Ratchet ratchet = Ratchet.read(PASSES);
        List<String> regressions = ratchet.regressions(passing);
        if (Ratchet.updating()) {
            ratchet.write(List.of("Corpus files jvirt must keep defining, round-tripping and keeping whole (LibvirtCorpusTest).",
                    corpus.description(), "Regenerate: -Djvirt.corpus.update=true; one NAME.xml per line."), passing);
            summary.add("wrote %d files to %s".formatted(passing.size(), PASSES));
        } else {
            summary.add("ratchet %s: %d of %d listed files pass".formatted(PASSES, ratchet.files().size() - regressions.size(),
                    ratchet.files().size()));
            String progress = ratchet.progressNote(passing);
            if (!progress.isEmpty()) {
                summary.add(progress);
            }
        }
        summary.add("every file's outcome: " + REPORT.toAbsolutePath());
        System.out.println(String.join("\n", summary));
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, report, StandardCharsets.UTF_8);

        assertThat(regressions.stream().map(f -> f + ": " + (outcomes.containsKey(f) ? outcomes.get(f).describe()
                : "not in the corpus")).toList())
                .as("files in %s that no longer pass (fix them, or remove them from the list with a reason)", PASSES)
                .isEmpty();
    }

    /**
     * Informational, no ratchet: what libvirt's normalized output (tests/qemuxml2xmloutdata: defaults,
     * controllers and addresses filled in) says that jvirt's output of the same input does not.
     */
    private static List<String> libvirtDefaults(Corpus corpus, Map<String, XmlOutcome> outcomes) throws IOException {
        Tally missing = new Tally();
        int compared = 0;
        int complete = 0;
        for (Corpus.Case c : corpus.cases()) {
            if (!(outcomes.get(c.file()) instanceof XmlOutcome.Passed p) || c.libvirtOutput().isEmpty()) {
                continue;
            }
            compared++;
            XmlTree libvirt = XmlTree.parse(Files.readString(c.libvirtOutput().get(), StandardCharsets.UTF_8));
            List<XmlLoss.Loss> lacks = XmlLoss.between(libvirt, XmlTree.parse(DomainXml.format(p.def(), Secrets.INCLUDE)));
            lacks.forEach(l -> missing.add(l.kind().replaceFirst("^lost ", "jvirt lacks "), c.file(),
                    l.detail().replaceFirst("^lost ", "jvirt lacks ")));
            complete += lacks.isEmpty() ? 1 : 0;
        }
        List<String> lines = new ArrayList<>();
        lines.add("libvirt's normalized output (qemuxml2xmloutdata) of %d passing files: jvirt's output says all it says for %d"
                .formatted(compared, complete));
        if (!missing.isEmpty()) {
            lines.add("what libvirt's output says and jvirt's does not, most common (files, what, an example):");
            lines.addAll(missing.top(10));
        }
        return lines;
    }

    private static long count(Map<String, XmlOutcome> outcomes, Class<? extends XmlOutcome> kind) {
        return outcomes.values().stream().filter(kind::isInstance).count();
    }
}
