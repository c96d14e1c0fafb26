package io.jvirt.it.corpus;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * libvirt's domain XML test corpus (tests/qemuxml2argvdata of Debian's libvirt source package, as
 * {@code scripts/libvirt-corpus.sh} unpacks it) and the x86 selection of it the corpus tests judge.
 *
 * <p>Where it is: the system property {@code jvirt.libvirtCorpus}, else the environment variable
 * {@code JVIRT_LIBVIRT_CORPUS}, else {@code /var/cache/jvirt/libvirt-tests/libvirt-VERSION} with the
 * version the committed lists were made from. A missing corpus fails the test, never skips it.
 *
 * <p>Selection: an input {@code NAME.xml} is x86 when its {@code <os><type arch>} is {@code x86_64}
 * or {@code i686}; when it has no arch at all (libvirt then takes the host's, x86_64 here); or when
 * its {@code <emulator>} is QEMU's x86 binary ({@code qemu-system-x86_64} or {@code qemu-system-i386}),
 * whatever arch it claims. With libvirt 9.0 that is 852 + 2 + 1 = 855 files.
 *
 * @param root the corpus root, holding {@code tests/qemuxml2argvdata}
 * @param description the first line of the corpus's {@code .complete} stamp
 * @param cases the x86 inputs, sorted by file name
 */
record Corpus(Path root, String description, List<Case> cases) {

    /** The folder of the committed lists, relative to the module (Surefire's working directory). */
    static final Path LISTS = Path.of("src/test/resources/corpus");

    /** The file of the peer's measurement; its header names the corpus version it was made from. */
    static final Path LIBVIRT_DEFINES = LISTS.resolve("libvirt-defines.txt");

    private static final Pattern ARCH = Pattern.compile("<type\\b[^>]*\\barch=['\"]([^'\"]+)['\"]");
    private static final Pattern EMULATOR = Pattern.compile("<emulator>\\s*([^<]*?)\\s*</emulator>");
    private static final Pattern CORPUS_LINE = Pattern.compile("^# Corpus: (libvirt (\\S+) .*)$", Pattern.MULTILINE);

    /** Why an input belongs to the x86 selection. */
    enum Selection {
        /** {@code <os><type arch>} is x86_64 or i686. */
        X86_ARCH,
        /** No arch: libvirt uses the host's. */
        NO_ARCH,
        /** Another arch, but an x86 QEMU binary as {@code <emulator>}. */
        X86_EMULATOR
    }

    /**
     * One x86 input.
     *
     * @param file the input's file name, {@code NAME.xml}
     * @param xml the input's path
     * @param selection why it is selected
     * @param latestArgs libvirt's argv for it with QEMU 7.2 ({@code NAME.x86_64-latest.args}), if any
     * @param libvirtOutput libvirt's normalized output XML for it (tests/qemuxml2xmloutdata,
     *     {@code NAME.x86_64-latest.xml}, else {@code NAME.xml}), if any
     */
    record Case(String file, Path xml, Selection selection, Optional<Path> latestArgs, Optional<Path> libvirtOutput) {

        /** The name without {@code .xml}. */
        String name() {
            return file.substring(0, file.length() - ".xml".length());
        }
    }

    /** Finds the corpus and selects its x86 inputs; fails (as a test failure) when it is missing. */
    static Corpus load() throws IOException {
        String peerHeader = Files.readString(LIBVIRT_DEFINES, StandardCharsets.UTF_8);
        Matcher m = CORPUS_LINE.matcher(peerHeader);
        if (!m.find()) {
            fail(LIBVIRT_DEFINES + " has no '# Corpus: libvirt VERSION ...' line; regenerate it with "
                    + "scripts/libvirt-corpus-peer.sh.");
        }
        String expected = m.group(1);
        String configured = System.getProperty("jvirt.libvirtCorpus", System.getenv("JVIRT_LIBVIRT_CORPUS"));
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("/var/cache/jvirt/libvirt-tests/libvirt-" + m.group(2));
        Path stamp = root.resolve(".complete");
        if (!Files.isRegularFile(stamp) || !Files.isDirectory(root.resolve("tests/qemuxml2argvdata"))) {
            fail("libvirt's test corpus is missing at " + root + ". Fetch it with `scripts/libvirt-corpus.sh` "
                    + "(it prints the path) and pass -Djvirt.libvirtCorpus=PATH; ./test.sh does both.");
        }
        String description = Files.readAllLines(stamp, StandardCharsets.UTF_8).getFirst();
        if (!description.equals(expected)) {
            fail("The corpus at " + root + " is '" + description + "', but the lists in " + LISTS
                    + " were made from '" + expected + "'. Use that corpus (scripts/libvirt-corpus.sh with "
                    + "LIBVIRT_CORPUS_VERSION), or regenerate the lists with scripts/libvirt-corpus-peer.sh.");
        }
        return new Corpus(root, description, select(root.resolve("tests/qemuxml2argvdata"), root.resolve("tests/qemuxml2xmloutdata")));
    }

    private static List<Case> select(Path data, Path outData) throws IOException {
        List<Path> inputs;
        try (Stream<Path> files = Files.list(data)) {
            inputs = files.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
        List<Case> cases = new ArrayList<>();
        for (Path xml : inputs) {
            String text = Files.readString(xml, StandardCharsets.UTF_8);
            Matcher arch = ARCH.matcher(text);
            Matcher emulator = EMULATOR.matcher(text);
            Selection selection;
            if (!arch.find()) {
                selection = Selection.NO_ARCH;
            } else if (arch.group(1).equals("x86_64") || arch.group(1).equals("i686")) {
                selection = Selection.X86_ARCH;
            } else if (emulator.find() && emulator.group(1).matches(".*/qemu-system-(x86_64|i386)")) {
                selection = Selection.X86_EMULATOR;
            } else {
                continue;
            }
            String file = xml.getFileName().toString();
            String name = file.substring(0, file.length() - ".xml".length());
            Path args = data.resolve(name + ".x86_64-latest.args");
            Optional<Path> output = Stream.of(outData.resolve(name + ".x86_64-latest.xml"), outData.resolve(file))
                    .filter(Files::isRegularFile).findFirst();
            cases.add(new Case(file, xml, selection, Files.isRegularFile(args) ? Optional.of(args) : Optional.empty(), output));
        }
        return List.copyOf(cases);
    }

    /** Counts the cases selected for the given reason. */
    long count(Selection selection) {
        return cases.stream().filter(c -> c.selection() == selection).count();
    }

    /** One line naming the corpus and the selection, for summaries. */
    String selectionSummary() {
        return "%s: %d x86 inputs (%d with arch x86_64 or i686, %d without arch, %d other arch with an x86 emulator)"
                .formatted(description.replaceFirst(" \\(.*", ""), cases.size(), count(Selection.X86_ARCH),
                        count(Selection.NO_ARCH), count(Selection.X86_EMULATOR));
    }
}
