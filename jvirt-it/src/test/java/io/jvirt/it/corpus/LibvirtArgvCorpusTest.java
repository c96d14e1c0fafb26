package io.jvirt.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainType;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.firmware.HostFirmware;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.address.AddressException;
import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.argv.ArgvException;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.argv.MemoryPaths;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.firmware.FirmwareDescriptors;
import io.jvirt.qemu.firmware.FirmwareException;
import io.jvirt.qemu.firmware.FirmwareResolver;
import io.jvirt.qemu.firmware.MachineAliases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * jvirt's QEMU argv beside libvirt's, for what a guest sees. For every x86 corpus input jvirt
 * defines and that has libvirt's argv with QEMU 7.2 ({@code NAME.x86_64-latest.args}), jvirt's argv
 * is built from the definition the address assigner completed, as the daemon defines it
 * ({@link QemuArgv#build}, with KVM for {@code type='kvm'} and TCG for {@code type='qemu'},
 * default emulator {@code /usr/bin/qemu-system-x86_64}), both are read into a {@link GuestView} and
 * compared with {@link GuestDiff}. The normalization rules are {@link ArgvReader}'s: ids, node names,
 * file descriptors and host plumbing (monitor, display, sandbox...) are left out; buses are named by
 * the device providing them; backends are compared through the devices using them; JSON and keyval
 * spellings, on/true/yes, and hex/decimal agree.
 *
 * <p>It prints how many files match and the most common kinds of difference with an example each,
 * writes every file's differences to {@code target/corpus/argv-report.txt}, and checks the ratchet
 * {@code corpus/jvirt-argv-matches.txt} (files whose guest view must stay equal to libvirt's) like
 * {@link LibvirtCorpusTest} does.
 */
class LibvirtArgvCorpusTest {

    static final Path MATCHES = Corpus.LISTS.resolve("jvirt-argv-matches.txt");
    static final Path REPORT = Path.of("target/corpus/argv-report.txt");
    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";
    static final Path FIRMWARE = Corpus.LISTS.resolve("firmware");
    static final Path LIBVIRT_NVRAM = Path.of("/var/lib/libvirt/qemu/nvram");

    /** One file's comparison: the differences, or why jvirt built no argv. */
    private record Compared(List<GuestDiff.Difference> differences, String failure) {
    }

    @Test
    void jvirtArgvMatchesLibvirtsForWhatTheGuestSees() throws IOException {
        Corpus corpus = Corpus.load();
        int withArgs = 0;
        Map<String, GuestView[]> views = new TreeMap<>();
        Map<String, String> failed = new TreeMap<>();
        for (Corpus.Case c : corpus.cases()) {
            if (c.latestArgs().isEmpty()) {
                continue;
            }
            withArgs++;
            DomainDef def;
            try {
                def = DomainXml.parse(Files.readString(c.xml(), StandardCharsets.UTF_8), new Random(1));
            } catch (ConfException e) {
                continue;
            }
            GuestView libvirt = ArgvReader.read(ArgsFile.argv(Files.readString(c.latestArgs().get(), StandardCharsets.UTF_8)));
            try {
                views.put(c.file(), new GuestView[] {libvirt, ArgvReader.read(jvirtArgv(c.name(), def))});
            } catch (ArgvException | AddressException e) {
                failed.put(c.file(), e.getMessage());
            } catch (RuntimeException e) {
                failed.put(c.file(), "crash: " + e);
            }
        }
        QemuDefaults qemu = new QemuDefaults(EMULATOR);
        qemu.prefetch(views.values().stream().flatMap(v -> Stream.concat(v[0].devices().stream(), v[1].devices().stream()))
                .map(GuestView.Device::driver).collect(Collectors.toSet()));
        Map<String, Compared> compared = new TreeMap<>();
        failed.forEach((f, why) -> compared.put(f, new Compared(List.of(), why)));
        views.forEach((f, v) -> compared.put(f, new Compared(GuestDiff.between(v[0], v[1], qemu), null)));

        Set<String> matching = new TreeSet<>();
        Tally kinds = new Tally();
        Tally failures = new Tally();
        List<String> report = new ArrayList<>();
        for (Map.Entry<String, Compared> e : compared.entrySet()) {
            Compared r = e.getValue();
            if (r.failure() != null) {
                failures.add(r.failure().replaceAll("'[^']*'", "'...'"), e.getKey());
                report.add(e.getKey() + "\tjvirt builds no argv: " + r.failure());
            } else if (r.differences().isEmpty()) {
                matching.add(e.getKey());
                report.add(e.getKey() + "\tmatches");
            } else {
                r.differences().forEach(d -> kinds.add(d.kind(), e.getKey(), d.line()));
                report.add(e.getKey() + "\t" + r.differences().size() + " difference(s)");
                GuestDiff.lines(r.differences()).forEach(l -> report.add("    " + l));
            }
        }

        List<String> summary = new ArrayList<>();
        summary.add("== libvirt corpus, QEMU argv (LibvirtArgvCorpusTest) ==");
        summary.add(corpus.selectionSummary());
        summary.add("%d x86 inputs have libvirt's argv with QEMU 7.2 (NAME.x86_64-latest.args); jvirt defines %d of them"
                .formatted(withArgs, compared.size()));
        summary.add("jvirt builds an argv for %d; %d match libvirt's for what the guest sees"
                .formatted(compared.size() - compared.values().stream().filter(r -> r.failure() != null).count(), matching.size()));
        if (!failures.isEmpty()) {
            summary.add("argv build failures (files, message):");
            summary.addAll(failures.top(10));
        }
        summary.add("most common differences (files, kind, an example):");
        summary.addAll(kinds.top(25));

        Ratchet ratchet = Ratchet.read(MATCHES);
        List<String> regressions = ratchet.regressions(matching);
        if (Ratchet.updating()) {
            ratchet.write(List.of("Corpus files whose jvirt argv must keep matching libvirt's for what the guest sees "
                    + "(LibvirtArgvCorpusTest).", corpus.description(),
                    "Regenerate: -Djvirt.corpus.update=true; one NAME.xml per line."), matching);
            summary.add("wrote %d files to %s".formatted(matching.size(), MATCHES));
        } else {
            summary.add("ratchet %s: %d of %d listed files match".formatted(MATCHES, ratchet.files().size() - regressions.size(),
                    ratchet.files().size()));
            String progress = ratchet.progressNote(matching);
            if (!progress.isEmpty()) {
                summary.add(progress);
            }
        }
        summary.add("every file's differences: " + REPORT.toAbsolutePath());
        System.out.println(String.join("\n", summary));
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, report, StandardCharsets.UTF_8);

        List<String> regressionLines = new ArrayList<>();
        for (String f : regressions) {
            Compared r = compared.get(f);
            regressionLines.add(f + ": " + (r == null ? "jvirt no longer defines it"
                    : r.failure() != null ? "jvirt builds no argv: " + r.failure()
                    : String.join("; ", GuestDiff.lines(r.differences()))));
        }
        assertThat(regressionLines)
                .as("files in %s whose argv no longer matches libvirt's (fix them, or remove them from the list with a reason)",
                        MATCHES)
                .isEmpty();
    }

    /**
     * jvirt's argv for a corpus input, after the steps jvirtd takes at define and start that
     * libvirt's test takes too: addresses assigned at define, a read-only UEFI loader given
     * libvirt's default variable store path, and {@code <os firmware>} chosen from the firmware
     * descriptors libvirt's test sees ({@code corpus/firmware}).
     */
    private static List<String> jvirtArgv(String name, DomainDef def) throws IOException {
        Accel accel = def.type() == DomainType.KVM ? Accel.KVM : Accel.TCG;
        HostFirmware host = new HostFirmware(List.of(), LIBVIRT_NVRAM, () -> MachineAliases.QEMU_7_2);
        FirmwareResolver firmware = new FirmwareResolver(FirmwareDescriptors.load(List.of(FIRMWARE.resolve("usr"),
                FIRMWARE.resolve("etc"))), MachineAliases.QEMU_7_2, LIBVIRT_NVRAM);
        DomainDef live;
        try {
            live = firmware.resolve(AddressAssigner.assign(host.atDefine(def)), path -> false).def();
        } catch (FirmwareException e) {
            throw new ArgvException(ArgvException.Kind.UNSUPPORTED, e.getMessage());
        }
        Path run = Path.of("/run/jvirt/corpus", name);
        return QemuArgv.build(live,
                new LaunchContext(run, accel, EMULATOR).withMemory(libvirtTestMemory(def.name())));
    }

    /**
     * The memory files where libvirt's test configuration puts them ({@code tests/qemuxml2argvtest.c}:
     * hugetlbfs mounts {@code /dev/hugepages2M} and {@code /dev/hugepages1G}, 2 MiB the default, the
     * memory backing directory {@code /var/lib/libvirt/qemu/ram}; a domain's directory in each is named
     * {@code -1-NAME}, the name cut to 20 characters), so that a backend's {@code mem-path} compares.
     */
    private static MemoryPaths libvirtTestMemory(String domain) {
        String dir = "-1-" + (domain.length() > 20 ? domain.substring(0, 20) : domain);
        return new MemoryPaths(2048, Map.of(2048L, Path.of("/dev/hugepages2M/libvirt/qemu", dir),
                1048576L, Path.of("/dev/hugepages1G/libvirt/qemu", dir)), Path.of("/var/lib/libvirt/qemu/ram", dir));
    }
}
