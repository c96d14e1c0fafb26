package io.jvirt.it.virtinst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClient.NvramPolicy;
import io.jvirt.it.DaemonProcess;
import io.jvirt.it.NetNs;
import io.jvirt.it.virtinst.StartRun.Outcome;
import io.jvirt.it.virtinst.VirtInstSet.Doc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Bring your own XML", started for real: documents of the virt-install set defined, round-tripped
 * and started by a real jvirtd under TCG, and the guest's own report of its hardware (scripts/
 * build-test-guest.sh's jvirt-report: PCI functions with their ids, positions and drivers, disks,
 * network cards with their MACs, USB devices, serial ports, sound cards, ...) checked against the
 * definition by {@link DeviceCheck}.
 *
 * <p>Each document is used as virt-install wrote it; only its paths move into the case's own
 * directory ({@link CaseInputs}) and it boots the test guest by direct kernel boot
 * ({@link GuestBoot}). The test guest is the {@code devices} flavour (Debian's standard kernel,
 * which has drivers for the hardware QEMU emulates), built beside {@code jvirt.testGuest} in
 * {@code <jvirt.testGuest>-devices}.
 *
 * <p>The daemon runs in a network namespace of its own with virt-install's network {@code default}
 * started and the bridge {@code br0} that virt-install's {@code --network bridge=br0} names. The
 * boots are a representative subset of the set's distinct hardware shapes ({@link #BOOTS}), two at a
 * time; the documents that cannot start here ({@link #REFUSED_AT_START}) must define, and their start
 * must fail saying why, leaving no domain running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirtInstallStartIT {

    /** The documents booted, each with the hardware it adds to the set's other boots. */
    static final Map<String, String> BOOTS = cases(
            "kvm/debian12-plain-iso", "--virt-type kvm with host-passthrough (TCG here) on the q35 desktop: virtio "
                    + "disk, empty SATA CD-ROM, qemu-xhci tablet, virtio NIC, virtio-serial agent and SPICE ports, "
                    + "ICH9 HD Audio, virtio GPU, balloon, RNG, 14 root ports",
            "machine-pc", "i440fx: IDE CD-ROM, ICH6 HD Audio, QXL, PIIX USB",
            "import-minimal", "no devices at all (--console none: the test adds a serial port)",
            "disk-virtio-scsi", "virtio-scsi controller with two disks",
            "controller-usb2", "ICH9 EHCI with its three UHCI companions",
            "sound-ac97-pc", "i440fx with AC97",
            "sound-usb", "USB audio",
            "video-cirrus-pc", "i440fx with Cirrus VGA",
            "parallel", "i440fx with a parallel port to a file",
            "vcpus-topology", "4 of 8 vCPUs in 2 sockets of 2 cores of 2 threads",
            "net-multi", "three NICs: virtio on default, e1000 on br0, rtl8139 on user networking",
            "controller-pci", "a PCIe-to-PCI bridge behind an extra root port",
            "smartcard", "USB CCID smartcard reader (SPICE passthrough)",
            "win10", "Windows 10: UEFI with Secure Boot, TPM 2.0 (CRB), Hyper-V enlightenments, SATA disk and two "
                    + "SATA CD-ROMs, e1000e, QXL, USB tablet",
            "uefi-pc", "i440fx with UEFI and a TPM 2.0 (CRB)",
            "tpm-tis", "SeaBIOS with a TPM 2.0 (TIS) from swtpm",
            "disk-buses-q35", "q35 disks on virtio, SATA and USB (removable), a SATA CD-ROM",
            "disk-buses-pc", "i440fx disks on IDE, SATA, virtio and a floppy",
            "filesystem-9p", "two 9p shared directories (mapped and passthrough), mounted and read by the guest",
            "filesystem-virtiofs", "a virtiofs share (virtiofsd) on memfd shared memory, mounted and read by the "
                    + "guest");

    /**
     * Documents that define but cannot start here: they need what this host lacks, or QEMU itself
     * refuses them (libvirt's start fails the same way). Their start must say why and leave no
     * domain running; on a host that has what one of them needs ({@link Refusal#hostHas}), it must
     * start instead.
     */
    static final Map<String, Refusal> REFUSED_AT_START = Map.ofEntries(
            Map.entry("channels", new Refusal("QEMU refuses two virtio-serial ports of one name, and virt-install "
                    + "names both the spicevmc and the qemu-vdagent channel com.redhat.spice.0", "com.redhat.spice.0",
                    null)),
            Map.entry("hostdev-pci", new Refusal("PCI host devices need VFIO, an IOMMU and devices to spare",
                    "IOMMU", null)),
            Map.entry("vsock", new Refusal("vsock needs /dev/vhost-vsock", "/dev/vhost-vsock",
                    "/dev/vhost-vsock")),
            Map.entry("net-options", new Refusal("the vhost-net back end needs /dev/vhost-net", "/dev/vhost-net",
                    "/dev/vhost-net")),
            Map.entry("net-vhostuser", new Refusal("a vhost-user NIC needs its switch listening on the socket",
                    "vhost-user", null)),
            Map.entry("net-direct", new Refusal("macvtap needs the host interface eth0, which the test's network "
                    + "namespace has not", "eth0", null)),
            Map.entry("memorybacking-hugepages", new Refusal("2 MiB huge pages must be reserved and mounted",
                    "huge pages", "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages")),
            Map.entry("vcpus-placement-auto", new Refusal("placement='auto' asks numad, which jvirt does not run",
                    "numad", null)),
            Map.entry("graphics-spice", new Refusal("a fixed SPICE port with tlsPort='-1' asks for TLS, which needs "
                    + "certificates in /etc/pki/libvirt-spice (libvirt's default qemu.conf refuses it too)",
                    "/etc/pki/libvirt-spice", "/etc/pki/libvirt-spice/server-cert.pem")),
            Map.entry("smartcard-host", new Refusal("an emulated smartcard on the host's certificates needs the "
                    + "NSS database /etc/pki/nssdb", "/etc/pki/nssdb", "/etc/pki/nssdb")),
            Map.entry("graphics-spice-gl", new Refusal("SPICE with OpenGL needs a GPU render node", "render node",
                    "/dev/dri/renderD128")));

    /**
     * Why a document cannot start here.
     *
     * @param reason the reason, for the test's name
     * @param says what the start's error must mention
     * @param hostHas a file whose presence (a non-empty file holding more than 0, for a sysfs count)
     *     means this host has what the document needs, or null when no host has it in this test
     */
    record Refusal(String reason, String says, String hostHas) {

        /** Whether this host has what the document needs. */
        boolean satisfied() throws IOException {
            if (hostHas == null) {
                return false;
            }
            Path p = Path.of(hostHas);
            if (hostHas.startsWith("/sys/") && Files.isRegularFile(p)) {
                return Long.parseLong(Files.readString(p).strip()) > 0;
            }
            return Files.exists(p);
        }
    }

    private static final int PARALLEL = 2;

    /** The cases' files (inputs, defined and live XML, console), kept for a look after the run. */
    private static final Path CASES = Path.of("target/virtinst-start").toAbsolutePath();

    @TempDir
    static Path tmp;
    private NetNs ns;
    private DaemonProcess daemon;
    private GuestBoot.Kernel kernel;
    private ExecutorService pool;
    private final Map<String, Future<Outcome>> boots = new LinkedHashMap<>();
    private final List<String> timings = new ArrayList<>();

    @BeforeAll
    void startDaemonAndBoots() throws Exception {
        kernel = DevicesGuest.kernel();
        if (Files.exists(CASES)) {
            try (Stream<Path> old = Files.walk(CASES)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        ns = NetNs.create();
        ns.exec("ip", "link", "add", "br0", "type", "bridge");
        ns.exec("ip", "link", "set", "br0", "up");
        Path sock = tmp.resolve("jvirtd.sock");
        // a short state directory: the guests' channel sockets live below it, and a UNIX socket path has
        // at most 107 bytes; its daemon.log is copied to the cases at the end
        daemon = new DaemonProcess(tmp.resolve("state"), sock, ns.name()).start();
        try (JvirtClient c = daemon.client()) {
            c.networkAction("default", "start");
        }
        Map<String, Doc> docs = VirtInstSet.load().stream().collect(Collectors.toMap(Doc::id, d -> d));
        Map<String, String> byName = new LinkedHashMap<>();
        for (String id : selected()) {
            String name = Dom.childText(Dom.parse(docs.get(id).read()).getDocumentElement(), "name");
            String other = byName.put(name, id);
            if (other != null) {
                // booted side by side they would be one domain (an install step and its installed boot)
                throw new IllegalStateException(other + " and " + id + " are both the domain '" + name
                        + "'; boot only one of them.");
            }
        }
        pool = Executors.newFixedThreadPool(PARALLEL, Thread.ofPlatform().daemon().factory());
        for (String id : selected()) {
            Doc doc = docs.get(id);
            Doc libvirt = docs.get(id + VirtInstSet.LIBVIRT);
            boots.put(id, pool.submit(() -> new StartRun(daemon, kernel, CASES.resolve(id))
                    .boot(doc, libvirt)));
        }
    }

    @AfterAll
    void stopAll() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        try {
            if (!timings.isEmpty()) {
                System.out.println("VirtInstallStartIT boots (define to guest report, seconds):\n  "
                        + String.join("\n  ", timings));
            }
            if (daemon != null) {
                try (JvirtClient c = daemon.client()) {
                    for (DomainInfo d : c.listDomains(false)) {
                        c.action(d.name(), "destroy", Map.of());
                    }
                    c.networkAction("default", "destroy");
                } catch (RuntimeException gone) {
                    // already down
                }
                daemon.close();
                Files.writeString(CASES.resolve("jvirtd.log"), daemon.log());
            }
        } finally {
            if (ns != null) {
                ns.close();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> eachDocumentStartsAndTheGuestSeesItsDevices() {
        return selected().stream().map(id -> DynamicTest.dynamicTest(id + " (" + BOOTS.get(id) + ")", () -> {
            Outcome o = boots.get(id).get();
            synchronized (timings) {
                timings.add(String.format("%-22s %s", id, o.timing()));
            }
            if (!o.notes().isEmpty()) {
                System.out.println(id + ": differences from libvirt's PCI layout:\n  " + String.join("\n  ", o.notes()));
            }
            assertThat(o.problems()).as("%s: what went wrong (console and daemon log in %s)", id, o.dir()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> documentsThatCannotStartHereDefineAndSayWhy() {
        Map<String, Doc> docs = VirtInstSet.load().stream().collect(Collectors.toMap(Doc::id, d -> d));
        return REFUSED_AT_START.keySet().stream().sorted().map(id -> {
            Refusal why = REFUSED_AT_START.get(id);
            return DynamicTest.dynamicTest(id + " (" + why.reason() + ")", () -> {
                CaseInputs in = CaseInputs.prepare(docs.get(id).read(), Files.createDirectories(CASES.resolve(id)));
                String xml = GuestBoot.apply(in.xml(), kernel);
                try (JvirtClient c = daemon.client()) {
                    String name = c.define(xml).name();
                    try {
                        if (why.satisfied()) {
                            // this host has what the document needs: it must start
                            c.action(name, "start", Map.of());
                            c.action(name, "destroy", Map.of());
                            return;
                        }
                        Throwable refused = catchThrowable(() -> c.action(name, "start", Map.of()));
                        assertThat(refused).as("%s must not start on this host", id).isNotNull();
                        System.out.println(id + " refused at start: " + refused.getMessage());
                        assertThat(refused.getMessage()).as("the refusal of %s", id).contains(why.says()).endsWith(".");
                        assertThat(c.info(name).state()).isNotEqualTo(DomainState.RUNNING);
                    } finally {
                        c.undefine(name, NvramPolicy.DELETE, false);
                    }
                }
            });
        });
    }

    /** The boots of this run: all, or those {@code jvirt.virtinst.boots} (comma-separated ids) names. */
    private static List<String> selected() {
        String only = System.getProperty("jvirt.virtinst.boots", "");
        return only.isBlank() ? List.copyOf(BOOTS.keySet()) : List.of(only.split(","));
    }

    private static Map<String, String> cases(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
