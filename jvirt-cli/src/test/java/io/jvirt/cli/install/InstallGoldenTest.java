package io.jvirt.cli.install;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jvirt install's plan against the real virt-install 4.1: each case replays the exact command of
 * a document of the virt-install set (scripts/virtinst-set.sh; a copy of the case's files is in
 * resources/install/golden) through {@link InstallCommand}'s options and {@link InstallPlanner},
 * and the documents must equal virt-install's --print-xml output once both went through jvirt's
 * conf model (which fixes element order and formatting); only the values drawn at random (UUID,
 * MACs) and the copied install kernel's file names are set aside.
 */
class InstallGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "arch-i686", "boot-kernel", "boot-order", "channel-guestfwd", "channels", "clock", "controller-ich9-ehci1",
        "controller-pci", "controller-qemu-xhci", "controller-usb2", "controller-usb3", "controller-virtio-serial",
        "cpu-custom", "cpu-host-model", "cpu-host-passthrough", "cpu-numa", "debian11-cdrom", "debian12-plain-iso",
        "disk-buses-pc", "disk-buses-q35", "disk-cdrom-empty", "disk-network", "disk-new-images", "disk-options",
        "disk-virtio-scsi", "events", "features", "filesystem-9p", "filesystem-options", "filesystem-virtiofs",
        "graphics-none", "graphics-spice", "graphics-spice-gl", "graphics-vnc", "graphics-vnc-and-spice",
        "graphics-vnc-socket", "hostdev-pci", "hostdev-pci-forms", "import", "import-minimal", "input",
        "input-usb-ps2", "install-kernel", "iommu-intel", "iommu-virtio", "iothreads", "kvm/import",
        "launch-security-sev", "location-debian", "location-iso", "machine-pc", "machine-pc-i440fx-versioned",
        "machine-q35-versioned", "memballoon", "memory-current", "memory-hotplug", "memorybacking-hugepages",
        "memorybacking-hugepages-2m", "memorybacking-memfd-shared", "metadata", "net-bridge", "net-default",
        "net-direct", "net-multi", "net-none", "net-options", "net-user", "net-vhostuser", "numatune", "panic",
        "panic-hyperv", "parallel", "pm", "pxe", "qemu-commandline", "qemu-commandline-quoted", "redirdev",
        "resource", "rng", "rng-builtin", "rng-egd", "seclabel", "serial-console", "shmem", "smartcard",
        "smartcard-host", "sound-ac97-pc", "sound-audio-backend", "sound-ich6", "sound-usb", "sysinfo",
        "sysinfo-emulate", "sysinfo-fwcfg", "sysinfo-host", "tpm-crb", "tpm-tis", "tuning", "ubuntu2204-cdrom",
        "uefi", "uefi-no-secureboot", "uefi-pc", "uefi-secureboot", "vcpus-placement-auto", "vcpus-topology",
        "video-bochs", "video-cirrus-pc", "video-ramfb", "video-vga", "video-virtio-heads", "vsock", "watchdog",
        "watchdog-itco", "win10", "win11", "win11-virtio", "xml-xpath"})
    void planEqualsVirtInstall(String id) throws IOException {
        String golden = resource(id + ".xml");
        String goldenInstall = resourceOrNull(id + ".install.xml");
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(argv(golden));
        assertThat(cmd.spec().commandLine().getUnmatchedArguments()).isEmpty();
        InstallPlan plan = new InstallPlanner(new FakeHost(), new OsInfoDb(OsInfoDb.DEFAULT_ROOT), new Random(1))
                .plan(cmd.args());
        printed(id, plan);
        String mine = normalize(DomainXml.format(plan.domain(), Secrets.INCLUDE));
        String theirs = normalize(DomainXml.format(DomainXml.parse(golden), Secrets.INCLUDE));
        keep(id, mine, theirs);
        assertThat(mine).isEqualTo(theirs);
        if (goldenInstall == null) {
            assertThat(plan.hasInstallPhase()).isFalse();
        } else {
            assertThat(plan.hasInstallPhase()).isTrue();
            assertThat(normalize(DomainXml.format(plan.installDomain(), Secrets.INCLUDE)))
                    .isEqualTo(normalize(DomainXml.format(DomainXml.parse(goldenInstall), Secrets.INCLUDE)));
        }
    }

    /** The command in the header comment, without --connect and --print-xml. */
    static String[] argv(String doc) {
        String line = doc.lines().map(String::strip).filter(l -> l.startsWith("virt-install \\-")).findFirst()
                .orElseThrow();
        List<String> words = shellWords(line);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--connect")) {
                i++;
            } else if (!w.equals("--print-xml")) {
                out.add(w);
            }
        }
        return out.toArray(String[]::new);
    }

    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(line.charAt(++i));
            } else if (c == '\'' || c == '"') {
                cur = cur == null ? new StringBuilder() : cur;
                quote = c;
            } else if (c == ' ') {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(c);
            }
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }

    static String normalize(String xml) {
        return xml.replaceAll("<uuid>[^<]*</uuid>", "<uuid/>")
                .replaceAll("<genid>[^<]*</genid>", "<genid/>")
                .replaceAll("<mac address='[^']*'/>", "<mac/>")
                .replaceAll("<kernel>[^<]*</kernel>", "<kernel/>")
                .replaceAll("<initrd>[^<]*</initrd>", "<initrd/>");
    }

    static String resource(String name) throws IOException {
        String s = resourceOrNull(name);
        assertThat(s).as(name).isNotNull();
        return s;
    }

    static String resourceOrNull(String name) throws IOException {
        try (InputStream in = InstallGoldenTest.class.getResourceAsStream("/install/golden/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes the plan's documents as --print-xml prints them to target/install-print-xml/, where
     * scripts/install-libvirt-define.sh has the real libvirt define each of them.
     */
    private static void printed(String id, InstallPlan plan) throws IOException {
        Path dir = Path.of("target/install-print-xml");
        java.nio.file.Files.createDirectories(dir);
        String base = id.replace('/', '-');
        java.nio.file.Files.writeString(dir.resolve(base + ".xml"), DomainXml.format(plan.domain(), Secrets.INCLUDE));
        if (plan.hasInstallPhase()) {
            java.nio.file.Files.writeString(dir.resolve(base + ".install.xml"),
                    DomainXml.format(plan.installDomain(), Secrets.INCLUDE));
        }
    }

    /** Writes both sides to target/install-golden/ for a diff when they differ. */
    private static void keep(String id, String mine, String theirs) throws IOException {
        if (!mine.equals(theirs)) {
            Path dir = Path.of("target/install-golden");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(id.replace('/', '-') + ".jvirt.xml"), mine);
            java.nio.file.Files.writeString(dir.resolve(id.replace('/', '-') + ".virt-install.xml"), theirs);
        }
    }
}
