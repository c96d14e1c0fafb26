package io.jvirt.qemu.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.argv.ArgvException;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.argv.QemuArgv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * libvirt as the judge of address assignment. For every x86 input of libvirt's corpus that
 * jvirt parses:
 * <ul>
 *   <li>against {@code qemuxml2xmloutdata/NAME.x86_64-latest.xml} (libvirt's definition after
 *       define, with QEMU 7.2): the controllers (type, index, model, model name, target,
 *       master, address) and every device address ({@link AddressFacts});</li>
 *   <li>against {@code qemuxml2argvdata/NAME.x86_64-latest.args} (libvirt's QEMU command
 *       line): the bus, slot and port of every {@code -device} by id ({@link ArgsFacts}), from
 *       jvirt's argv of the assigned definition.</li>
 * </ul>
 * A third judge is the virt-install set of jvirt-it: what the real virt-install 4.1 writes, beside
 * libvirt 9.0's dumpxml after defining it.
 *
 * <p>Each judge has a ratchet in {@code src/test/resources/address}: a listed file that no longer
 * matches fails the test; the differences of the others are printed, and a file that newly
 * matches is reported ({@code -Djvirt.corpus.update=true} rewrites the lists).
 */
class LibvirtAddressCorpusTest {

    static final Path XML_MATCHES = Path.of("src/test/resources/address/libvirt-xml-matches.txt");
    static final Path ARGS_MATCHES = Path.of("src/test/resources/address/libvirt-args-matches.txt");
    static final Path VIRTINST_MATCHES = Path.of("src/test/resources/address/virtinst-matches.txt");
    /** The virt-install set of jvirt-it: virt-install 4.1's documents and libvirt 9.0's dumpxml of each. */
    static final Path VIRTINST = Path.of("../jvirt-it/src/test/resources/virtinst");

    @Test
    void controllersAndAddressesMatchLibvirtsDefinitions() throws IOException {
        LibvirtCorpus corpus = LibvirtCorpus.find();
        List<String> names = corpus.x86With(corpus.outputs(), ".x86_64-latest.xml");
        // libvirt's xml2xml test does not give USB ports to a definition where some are missing
        judge("definitions (qemuxml2xmloutdata/*.x86_64-latest.xml)", corpus, names, XML_MATCHES, def -> {
            DomainDef assigned = AddressAssigner.assign(def, new AddressAssigner.Options(0, false));
            return AddressFacts.of(DomainXml.format(assigned, Secrets.INCLUDE));
        }, name -> AddressFacts.of(read(corpus.outputs().resolve(name + ".x86_64-latest.xml"))));
    }

    @Test
    void devicesSitWhereLibvirtsCommandLinesPutThem() throws IOException {
        LibvirtCorpus corpus = LibvirtCorpus.find();
        List<String> names = corpus.x86With(corpus.inputs(), ".x86_64-latest.args");
        LaunchContext ctx = new LaunchContext(Path.of("/run/jvirt/corpus"), Accel.TCG, "/usr/bin/qemu-system-x86_64");
        judge("command lines (qemuxml2argvdata/*.x86_64-latest.args)", corpus, names, ARGS_MATCHES,
                def -> ArgsFacts.ofJvirt(QemuArgv.build(AddressAssigner.assign(def), ctx)),
                name -> ArgsFacts.ofLibvirt(read(corpus.inputs().resolve(name + ".x86_64-latest.args"))));
    }

    @Test
    void virtInstallDocumentsGetTheAddressesLibvirtGaveThem() throws IOException {
        assertThat(VIRTINST).as("the virt-install set of jvirt-it").isDirectory();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(VIRTINST)) {
            for (Path p : files.sorted().toList()) {
                String f = VIRTINST.relativize(p).toString();
                if (f.endsWith(".xml") && !f.endsWith(".libvirt.xml")
                        && Files.exists(VIRTINST.resolve(f.replace(".xml", ".libvirt.xml")))) {
                    names.add(f.substring(0, f.length() - 4));
                }
            }
        }
        judge("virt-install documents (jvirt-it virtinst/*.libvirt.xml, libvirt's dumpxml)", VIRTINST, names,
                VIRTINST_MATCHES, def -> AddressFacts.of(DomainXml.format(AddressAssigner.assign(def), Secrets.INCLUDE)),
                name -> AddressFacts.of(read(VIRTINST.resolve(name + ".libvirt.xml"))));
    }

    /**
     * jvirt's own golden argv cases against what a private libvirtd's {@code virsh define} made of
     * each ({@code argv/libvirt/NAME.xml}, written by {@code scripts/argv-libvirt-addresses.sh}).
     * Unlike the corpus judges this one is strict: every case libvirt defines must match.
     */
    @Test
    void goldenArgvCasesGetTheAddressesLibvirtGivesThem() throws IOException {
        Path argv = Path.of("src/test/resources/argv");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(argv.resolve("libvirt"))) {
            files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".xml")).sorted()
                    .forEach(f -> names.add(f.substring(0, f.length() - 4)));
        }
        assertThat(names).as("libvirt's definitions of the golden cases").isNotEmpty();
        List<String> differing = new ArrayList<>();
        for (String name : names) {
            DomainDef def = DomainXml.parse(read(argv.resolve(name + ".xml")), new Random(1));
            List<String> diff = AddressFacts.differences(
                    AddressFacts.of(DomainXml.format(AddressAssigner.assign(def), Secrets.INCLUDE)),
                    AddressFacts.of(read(argv.resolve("libvirt/" + name + ".xml"))));
            diff.forEach(d -> differing.add(name + ": " + d));
        }
        assertThat(differing).as("golden cases whose addresses differ from libvirt's").isEmpty();
    }

    private void judge(String what, LibvirtCorpus corpus, List<String> names, Path ratchet,
                       Function<DomainDef, SortedMap<String, String>> jvirt,
                       Function<String, SortedMap<String, String>> libvirt) throws IOException {
        judge(what, corpus.inputs(), names, ratchet, jvirt, libvirt);
    }

    private void judge(String what, Path inputs, List<String> names, Path ratchet,
                       Function<DomainDef, SortedMap<String, String>> jvirt,
                       Function<String, SortedMap<String, String>> libvirt) throws IOException {
        SortedSet<String> listed = readList(ratchet);
        SortedSet<String> matching = new TreeSet<>();
        Map<String, List<String>> differing = new TreeMap<>();
        int parsed = 0;
        for (String name : names) {
            DomainDef def;
            try {
                def = DomainXml.parse(read(inputs.resolve(name + ".xml")), new Random(1));
            } catch (ConfException notYet) {
                continue;
            }
            parsed++;
            List<String> diff;
            try {
                diff = AddressFacts.differences(jvirt.apply(def), libvirt.apply(name));
            } catch (AddressException | ArgvException refused) {
                diff = List.of("jvirt refuses: " + refused.getMessage().replace('\n', ' '));
            }
            if (diff.isEmpty()) {
                matching.add(name);
            } else {
                differing.put(name, diff);
            }
        }
        List<String> report = new ArrayList<>();
        report.add("== libvirt's " + what + " ==");
        report.add(names.size() + " x86 inputs, " + parsed + " parsed by jvirt, " + matching.size()
                + " with the same controllers and addresses as libvirt");
        differing.forEach((name, diff) -> {
            report.add(name + ":");
            diff.stream().limit(12).forEach(d -> report.add("    " + d));
            if (diff.size() > 12) {
                report.add("    ... and " + (diff.size() - 12) + " more");
            }
        });
        SortedSet<String> regressed = new TreeSet<>(listed);
        regressed.removeAll(matching);
        SortedSet<String> fresh = new TreeSet<>(matching);
        fresh.removeAll(listed);
        if (!fresh.isEmpty()) {
            report.add("Matching now, not yet listed in " + ratchet + ": " + fresh);
        }
        System.out.println(String.join("\n", report));
        if (Boolean.getBoolean("jvirt.corpus.update")) {
            Files.writeString(ratchet, "# " + what + " where jvirt assigns what libvirt 9.0 does\n"
                    + String.join("\n", matching) + "\n", StandardCharsets.UTF_8);
        }
        assertThat(regressed).as("files listed in %s that no longer match libvirt (see the differences above)",
                ratchet).isEmpty();
    }

    private static SortedSet<String> readList(Path list) throws IOException {
        SortedSet<String> out = new TreeSet<>();
        if (!Files.exists(list)) {
            return out;
        }
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
