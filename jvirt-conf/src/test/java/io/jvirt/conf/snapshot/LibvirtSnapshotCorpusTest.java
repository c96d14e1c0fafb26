package io.jvirt.conf.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libvirt's own snapshot documents (tests/qemudomainsnapshotxml2xmlout of libvirt 9.0): each
 * one jvirt supports parses, round-trips without loss and, when it carries no full domain
 * (whose formatting is the domain model's), formats exactly as libvirt formats it; the others
 * are refused as unsupported, for the reason named here. The corpus comes from
 * {@code -Djvirt.libvirtCorpus} ({@code scripts/libvirt-corpus.sh}), else a libvirt source tree
 * at {@code /work/src/libvirt-9.0.0}; without one the test fails.
 */
class LibvirtSnapshotCorpusTest {

    /**
     * Documents jvirt refuses, with what the refusal names: the snapshot model's own limits
     * (network overlays, security labels) and, until the domain model reads them, parts of the
     * domains inside. A refusal that goes away fails the test: move the document out then.
     */
    private static final Map<String, String> REFUSED = Map.of(
            "disk_snapshot.xml", "network storage",
            "disk-seclabel.xml", "seclabel");

    static Stream<Path> documents() throws IOException {
        List<Path> roots = new ArrayList<>();
        String configured = System.getProperty("jvirt.libvirtCorpus", System.getenv("JVIRT_LIBVIRT_CORPUS"));
        if (configured != null && !configured.isBlank()) {
            roots.add(Path.of(configured));
        }
        roots.add(Path.of("/var/cache/jvirt/libvirt-tests/libvirt-9.0.0-4+deb12u2"));
        roots.add(Path.of("/work/src/libvirt-9.0.0"));
        for (Path r : roots) {
            Path out = r.resolve("tests/qemudomainsnapshotxml2xmlout");
            if (Files.isDirectory(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList().stream();
                }
            }
        }
        return fail("libvirt's snapshot test documents are missing (looked at " + roots + "); fetch them with "
                + "scripts/libvirt-corpus.sh and pass -Djvirt.libvirtCorpus=PATH.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void libvirtsDocument(Path file) throws IOException {
        String xml = Files.readString(file);
        String name = file.getFileName().toString();
        if (REFUSED.containsKey(name)) {
            assertThatThrownBy(() -> SnapshotXml.parse(xml)).isInstanceOfSatisfying(ConfException.class,
                    e -> assertThat(e.problems()).allMatch(p -> p.kind() == ConfException.Kind.UNSUPPORTED
                            || p.kind() == ConfException.Kind.UNKNOWN_ELEMENT))
                    .hasMessageContaining(REFUSED.get(name));
            return;
        }
        SnapshotDef s = SnapshotXml.parse(xml);
        String formatted = SnapshotXml.formatStored(s);
        assertThat(SnapshotXml.parse(formatted)).isEqualTo(s);
        if (s.domain() == null && s.inactiveDomain() == null) {
            assertThat(formatted).isEqualTo(xml);
        }
        assertThat(SnapshotXml.format(s, Secrets.INCLUDE)).doesNotContain("<active>");
    }
}
