// jvirt's API side of the "bring your own XML" benchmark (bench/xml.sh, issue 12), through jvirtd's
// REST API with JvirtClient. Run with the jvirt class path (DefineBench.java, next to it, is compiled
// on demand: a multi-file source program):
//   java -cp CP bench/XmlBench.java win11 SOCKET TEMPLATE COUNT CLIENTS PREFIX
//       defines COUNT distinct domains from TEMPLATE (virt-install's win11.xml with @NAME@, @UUID@ and
//       @MAC@ in place of its name, uuid and MAC address) with CLIENTS concurrent clients, the median of
//       three runs (DefineBench's measurement), then undefines them all; a refusal is reported, not thrown
//   java -cp CP bench/XmlBench.java corpus-select CORPUS_ROOT OUT_LIST
//       writes the paths of the x86 inputs of libvirt's corpus, one a line
//   java -cp CP bench/XmlBench.java corpus-probe SOCKET LIST OUT_ACCEPTED OUT_REFUSED
//       define + dumpxml + undefine of each file of LIST; writes the ones jvirtd defines, and
//       NAME.xml<TAB>jvirtd's message for the others
//   java -cp CP bench/XmlBench.java corpus-pass SOCKET LIST
//       untimed passes (1000 files at least), then one timed pass of define + dumpxml + undefine over
//       the files of LIST (xml.sh alternates the sides' passes and takes the median)
// Prints `name: value unit` lines.
import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class XmlBench {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "win11" -> win11(Path.of(a[1]), Files.readString(Path.of(a[2])), Integer.parseInt(a[3]),
                    Integer.parseInt(a[4]), a[5]);
            case "corpus-select" -> corpusSelect(Path.of(a[1]), Path.of(a[2]));
            case "corpus-probe" -> corpusProbe(Path.of(a[1]), Path.of(a[2]), Path.of(a[3]), Path.of(a[4]));
            case "corpus-pass" -> corpusPass(Path.of(a[1]), Path.of(a[2]));
            default -> throw new IllegalArgumentException("unknown mode " + a[0]);
        }
    }

    // --- Windows 11 define throughput ---------------------------------------------------------

    /** Domain {@code i} of {@code series} from the template: its own name, UUID and MAC address. */
    static String instance(String template, String name, int series, int i) {
        return template.replace("@NAME@", name)
                .replace("@UUID@", "cb256226-6764-52fa-%04x-%012x".formatted(series, i))
                .replace("@MAC@", "52:54:%02x:%02x:%02x:%02x".formatted(series, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
    }

    static DefineBench.Domains win11Domains(String template, String prefix, int series, int count) {
        return new DefineBench.Domains(count, i -> prefix + i, i -> instance(template, prefix + i, series, i));
    }

    static void win11(Path sock, String template, int count, int clients, String prefix) throws Exception {
        try (JvirtClient c = JvirtClient.connect(sock)) {
            DomainInfo probe;
            try {
                probe = c.define(instance(template, prefix + "probe", 2, 0));
            } catch (JvirtClientException refused) {
                System.out.printf("jvirt_win11_define: refused (%s)%n", flatten(refused.getMessage(), " "));
                return;
            }
            c.undefine(probe.uuid());
        }
        System.out.println("jvirt_win11_define: accepted");
        // a daemon is long-lived: warm its JIT up first (as DefineBench does; not measured)
        DefineBench.warm(sock, clients, win11Domains(template, prefix + "warm", 1, count));
        DefineBench.Domains domains = win11Domains(template, prefix, 0, count);
        double rate = DefineBench.throughput(sock, clients, domains);
        try (JvirtClient c = JvirtClient.connect(sock)) {
            long defined = c.listDomains(true).stream().filter(d -> d.name().startsWith(prefix)).count();
            if (defined != count) {
                throw new IllegalStateException(defined + " domains named " + prefix + "* are defined after the run, not "
                        + count + ".");
            }
        }
        System.out.printf("jvirt_win11_define_throughput: %.0f defines/s%n", rate);
        System.out.printf("jvirt_win11_undefine_throughput: %.0f undefines/s%n", DefineBench.undefineAll(sock, domains));
    }

    /** A multi-line message on one line, its lines joined by {@code joiner}. */
    static String flatten(String message, String joiner) {
        return message.strip().replaceAll("\\s*\\n\\s*", joiner);
    }

    // --- the corpus -------------------------------------------------------------------------

    // The selection rule of jvirt-it's corpus tests (io.jvirt.it.corpus.Corpus, which holds it and
    // says why): x86 arch, no arch at all, or another arch with an x86 QEMU as <emulator>.
    private static final Pattern ARCH = Pattern.compile("<type\\b[^>]*\\barch=['\"]([^'\"]+)['\"]");
    private static final Pattern EMULATOR = Pattern.compile("<emulator>\\s*([^<]*?)\\s*</emulator>");

    static void corpusSelect(Path root, Path out) throws IOException {
        List<Path> inputs;
        try (Stream<Path> files = Files.list(root.resolve("tests/qemuxml2argvdata"))) {
            inputs = files.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
        List<String> selected = new ArrayList<>();
        for (Path xml : inputs) {
            String text = Files.readString(xml, StandardCharsets.UTF_8);
            Matcher arch = ARCH.matcher(text);
            Matcher emulator = EMULATOR.matcher(text);
            if (!arch.find() || arch.group(1).equals("x86_64") || arch.group(1).equals("i686")
                    || emulator.find() && emulator.group(1).matches(".*/qemu-system-(x86_64|i386)")) {
                selected.add(xml.toString());
            }
        }
        Files.write(out, selected, StandardCharsets.UTF_8);
        System.out.printf("corpus_x86_files: %d files%n", selected.size());
    }

    /**
     * One corpus file: define, dumpxml, undefine (by UUID: several files share a name); adds the
     * nanoseconds of each step to {@code ns[0..2]}.
     */
    static void cycle(JvirtClient c, String xml, long[] ns) {
        long t0 = System.nanoTime();
        DomainInfo d = c.define(xml);
        long t1 = System.nanoTime();
        c.xml(d.uuid(), false);
        long t2 = System.nanoTime();
        c.undefine(d.uuid());
        long t3 = System.nanoTime();
        ns[0] += t1 - t0;
        ns[1] += t2 - t1;
        ns[2] += t3 - t2;
    }

    static void corpusProbe(Path sock, Path list, Path accepted, Path refused) throws IOException {
        List<String> yes = new ArrayList<>();
        List<String> no = new ArrayList<>();
        List<Path> files = Files.readAllLines(list).stream().map(Path::of).toList();
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (Path f : files) {
                try {
                    cycle(c, Files.readString(f, StandardCharsets.UTF_8), new long[3]);
                    yes.add(f.toString());
                } catch (JvirtClientException e) {
                    no.add(f.getFileName() + "\t" + flatten(e.getMessage(), " | "));
                }
            }
            if (!c.listDomains(true).isEmpty()) {
                throw new IllegalStateException("Domains are left defined after the corpus probe: "
                        + c.listDomains(true).stream().map(DomainInfo::name).toList());
            }
        }
        Files.write(accepted, yes, StandardCharsets.UTF_8);
        Files.write(refused, no, StandardCharsets.UTF_8);
    }

    /** How many files the untimed passes before the timed ones cycle at least (DefineBench warms with 3000 defines). */
    static final int WARM_FILES = 1000;

    static int warmPasses(int files) {
        return Math.max(1, (WARM_FILES + files - 1) / files);
    }

    /**
     * Untimed passes over {@code list} (WARM_FILES files at least: a warm client and daemon, as in the
     * other benches), then one timed pass; prints its time and its steps' times per file.
     */
    static void corpusPass(Path sock, Path list) throws IOException {
        List<String> xmls = new ArrayList<>();
        for (String f : Files.readAllLines(list)) {
            xmls.add(Files.readString(Path.of(f), StandardCharsets.UTF_8));
        }
        int n = xmls.size();
        long[] ns = new long[3];
        long pass;
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (int w = 0; w < warmPasses(n); w++) {
                xmls.forEach(x -> cycle(c, x, new long[3]));
            }
            long t0 = System.nanoTime();
            xmls.forEach(x -> cycle(c, x, ns));
            pass = System.nanoTime() - t0;
        }
        System.out.printf("jvirt_corpus_pass: %.1f ms %.3f %.3f %.3f ms/file (define, dumpxml, undefine)%n", pass / 1e6,
                ns[0] / 1e6 / n, ns[1] / 1e6 / n, ns[2] / 1e6 / n);
    }
}
