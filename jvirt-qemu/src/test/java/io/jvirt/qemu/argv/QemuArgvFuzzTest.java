package io.jvirt.qemu.argv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.address.AddressException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Mutates the golden inputs at random (seeded): whenever a mutant is a valid definition, the
 * address assigner must assign it or refuse with an {@link AddressException}, and the builder
 * must return an argv or refuse with an {@link ArgvException}, never fail otherwise.
 */
class QemuArgvFuzzTest {

    private static final String[] TOKENS = {"0", "1", "2", "3", "5", "7", "31", "0x1f", "0x0", "0x2", "yes", "no",
        "on", "off", "none", "virtio", "sata", "scsi", "ide", "usb", "ps2", "pci", "drive", "q35", "pc",
        "pcie-root-port", "pci-bridge", "pci-root", "pcie-root", "qemu-xhci", "piix3-uhci", "virtio-scsi",
        "lsilogic", "vga", "qxl", "cirrus", "bochs", "serial", "isa-serial", "pci-serial", "unix", "pty", "file",
        "bind", "connect", "cdrom", "disk", "block", "tablet", "mouse", "keyboard", "socket", "address", "-1",
        "5900", "host-passthrough", "host-model", "custom", "maximum", "catchup", "delay", "merge", "discard",
        "destroy", "preserve", "restart", "sdz", "vdb", "hdd", "sda", "native", "threads", "directsync"};
    private static final Pattern VALUE = Pattern.compile("'[^']*'|\"[^\"]*\"");

    @Test
    void validMutantsBuildOrFailWithArgvException() throws IOException {
        List<String> samples = ArgvCases.names().map(n -> {
            try {
                return Files.readString(ArgvCases.DIR.resolve(n + ".xml"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        Random random = new Random(Long.getLong("jvirt.fuzz.seed", 7L));
        LaunchContext kvm = new LaunchContext(java.nio.file.Path.of("/run/jvirt/fuzz"), Accel.KVM, "/usr/bin/qemu");
        LaunchContext tcg = new LaunchContext(java.nio.file.Path.of("/run/jvirt/fuzz"), Accel.TCG, "/usr/bin/qemu");
        int built = 0;
        int iterations = Integer.getInteger("jvirt.fuzz.iterations", 5000);
        for (int i = 0; i < iterations; i++) {
            String mutant = samples.get(random.nextInt(samples.size()));
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                Matcher m = VALUE.matcher(mutant);
                List<int[]> spans = m.results().map(x -> new int[] {x.start() + 1, x.end() - 1}).toList();
                int[] span = spans.get(random.nextInt(spans.size()));
                mutant = mutant.substring(0, span[0]) + TOKENS[random.nextInt(TOKENS.length)]
                        + mutant.substring(span[1]);
            }
            DomainDef def;
            try {
                def = DomainXml.parse(mutant, new Random(1));
            } catch (ConfException invalid) {
                continue;
            }
            try {
                // as the daemon does at define; half the mutants go to the builder unassigned
                def = random.nextBoolean() ? AddressAssigner.assign(def) : def;
            } catch (AddressException refused) {
                assertThat(refused.getMessage()).as(mutant).endsWith(".").doesNotContain("null");
                continue;
            } catch (RuntimeException e) {
                fail("Mutant " + i + " threw " + e + " in the address assigner for:\n" + mutant, e);
            }
            try {
                List<String> argv = QemuArgv.build(def, random.nextBoolean() ? kvm : tcg);
                assertThat(argv).isNotEmpty();
                QemuArgvGoldenTest.assertKeepsImageLocks(argv);
                built++;
            } catch (ArgvException refused) {
                assertThat(refused.getMessage()).as(mutant).endsWith(".").doesNotContain("null");
            } catch (RuntimeException e) {
                fail("Mutant " + i + " threw " + e + " for:\n" + mutant, e);
            }
        }
        assertThat(built).as("valid mutants built").isGreaterThan(20);
    }
}
