package io.jvirt.qemu.address;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * libvirt's test corpus (tests/qemuxml2argvdata and tests/qemuxml2xmloutdata of libvirt 9.0):
 * the inputs and what libvirt made of them with QEMU 7.2 on x86_64.
 *
 * <p>Where it is: the system property {@code jvirt.libvirtCorpus}, else the environment
 * variable {@code JVIRT_LIBVIRT_CORPUS} (both as {@code scripts/libvirt-corpus.sh} of the
 * corpus harness prints them), else the copy that script fetches to
 * {@code /var/cache/jvirt/libvirt-tests/libvirt-9.0.0-4+deb12u2}, else an unpacked libvirt
 * source tree at {@code /work/src/libvirt-9.0.0}. When none exists the test fails: a judge
 * that is missing must not pass.
 *
 * @param root the corpus root, holding {@code tests/}
 */
record LibvirtCorpus(Path root) {

    private static final List<Path> FALLBACKS = List.of(
            Path.of("/var/cache/jvirt/libvirt-tests/libvirt-9.0.0-4+deb12u2"), Path.of("/work/src/libvirt-9.0.0"));
    private static final Pattern ARCH = Pattern.compile("<type\\b[^>]*\\barch=['\"]([^'\"]+)['\"]");

    /** Finds the corpus, or fails the calling test. */
    static LibvirtCorpus find() {
        String configured = System.getProperty("jvirt.libvirtCorpus", System.getenv("JVIRT_LIBVIRT_CORPUS"));
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.addAll(FALLBACKS);
        for (Path p : candidates) {
            if (Files.isDirectory(p.resolve("tests/qemuxml2argvdata"))
                    && Files.isDirectory(p.resolve("tests/qemuxml2xmloutdata"))) {
                return new LibvirtCorpus(p);
            }
        }
        return fail("libvirt's test corpus is missing (looked at " + candidates + "). Fetch it with "
                + "scripts/libvirt-corpus.sh and pass -Djvirt.libvirtCorpus=PATH.");
    }

    Path inputs() {
        return root.resolve("tests/qemuxml2argvdata");
    }

    Path outputs() {
        return root.resolve("tests/qemuxml2xmloutdata");
    }

    /**
     * Returns the names of the x86 inputs (arch x86_64, i686 or none) that have the given
     * libvirt output, such as {@code .x86_64-latest.xml} in the output folder.
     */
    List<String> x86With(Path folder, String suffix) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(inputs())) {
            for (Path xml : files.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList()) {
                String file = xml.getFileName().toString();
                String name = file.substring(0, file.length() - 4);
                if (!Files.isRegularFile(folder.resolve(name + suffix))) {
                    continue;
                }
                Matcher m = ARCH.matcher(Files.readString(xml, StandardCharsets.UTF_8));
                if (!m.find() || m.group(1).equals("x86_64") || m.group(1).equals("i686")) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
