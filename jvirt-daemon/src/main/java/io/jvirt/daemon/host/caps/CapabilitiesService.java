package io.jvirt.daemon.host.caps;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.AccelChooser;
import io.jvirt.daemon.host.HostView;
import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.caps.QemuCaps;
import io.jvirt.qemu.caps.QemuCapsCache;
import io.jvirt.qemu.caps.QemuCapsException;
import io.jvirt.qemu.firmware.FirmwareDescriptor;
import io.jvirt.qemu.firmware.FirmwareDescriptors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code capabilities} and {@code domcapabilities}: the host as /proc and /sys show it, and
 * what its QEMU can do as QEMU itself said (probed once per binary, cached in
 * {@code STATE/caps}). KVM is offered only when the accelerator probe proved that it boots guests
 * here; otherwise the documents say why. Queries: no lock beyond the cache's.
 */
public final class CapabilitiesService {
    /** Where the host's files are; tests point these at a fake tree. */
    public record Sources(HostView sys, Path cpuinfo, Path meminfo, Path machineId, List<Path> firmwareDirs) {
        /** This host. */
        public static Sources system(List<Path> firmwareDirs) {
            return new Sources(HostView.SYSTEM, Path.of("/proc/cpuinfo"), Path.of("/proc/meminfo"),
                    Path.of("/etc/machine-id"), firmwareDirs);
        }
    }

    /** The capabilities as data, for {@code --json}. */
    public record Capabilities(HostCaps host, List<GuestCaps> guests) {
    }

    private final QemuCapsCache cache;
    private final Path emulator;
    private final AccelChooser accel;
    private final Sources sources;

    public CapabilitiesService(QemuCapsCache cache, String emulator, AccelChooser accel, Sources sources) {
        this.cache = cache;
        this.emulator = resolve(emulator);
        this.accel = accel;
        this.sources = sources;
    }

    /** The host and its guests. */
    public Capabilities capabilities() {
        QemuCaps qemu = qemu(emulator);
        HostCaps host = new HostCapsReader(sources.sys()).read(texts(), qemu);
        List<String> types = new ArrayList<>(List.of("qemu"));
        String note = null;
        AccelChooser.Choice best = accel.hostBest();
        if (best.accel() == Accel.KVM) {
            types.add("kvm");
        } else {
            note = "no domain type kvm: " + best.note();
        }
        int wordSize = qemu.arch().equals("i686") ? 32 : 64;
        return new Capabilities(host, List.of(new GuestCaps(qemu.arch(), wordSize, qemu.emulator(), qemu.machines(),
                types, note)));
    }

    /** {@code virsh capabilities}. */
    public String capabilitiesXml() {
        Capabilities c = capabilities();
        return CapabilitiesXml.render(c.host(), c.guests());
    }

    /**
     * {@code virsh domcapabilities}; every argument may be null for the default (the daemon's
     * emulator, its architecture, QEMU's default machine type, kvm when it works else qemu).
     *
     * @throws DaemonException INVALID_ARGUMENT naming every argument that does not fit, at once
     */
    public DomainCaps domainCaps(String emulatorBin, String arch, String machine, String virtType) {
        Path bin = emulatorBin == null || emulatorBin.isBlank() ? emulator : resolve(emulatorBin);
        QemuCaps qemu = qemu(bin);
        List<String> problems = new ArrayList<>();
        AccelChooser.Choice best = accel.hostBest();
        String type = virtType == null || virtType.isBlank()
                ? (best.accel() == Accel.KVM ? "kvm" : "qemu") : virtType.toLowerCase(Locale.ROOT);
        if (!type.equals("qemu") && !type.equals("kvm")) {
            problems.add("the virtualization type '" + virtType + "' is not qemu or kvm");
        } else if (type.equals("kvm") && best.accel() != Accel.KVM) {
            problems.add("KVM does not work on this host (" + best.note() + "), so there are no kvm domains; "
                    + "ask for --virttype qemu");
        }
        if (arch != null && !arch.isBlank() && !arch.equals(qemu.arch())) {
            problems.add("the emulator " + bin + " runs " + qemu.arch() + " guests, not " + arch);
        }
        QemuCaps.Machine m = machine == null || machine.isBlank()
                ? qemu.defaultMachine().orElse(qemu.machines().getFirst())
                : qemu.machine(machine).orElse(null);
        if (m == null) {
            problems.add("the emulator " + bin + " has no machine type '" + machine + "' (see 'jvirt capabilities' "
                    + "for the list)");
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Cannot describe these domains: "
                    + String.join("; ", problems) + ".");
        }
        CpuInfo cpu = CpuInfo.parse(read(sources.cpuinfo()));
        DomainCapsBuilder.Host host = new DomainCapsBuilder.Host(cpu.qemuFeatures(),
                io.jvirt.qemu.caps.QemuCapsParser.vendor(cpu.vendorId()), sources.sys().devExists("vfio/vfio"));
        return DomainCapsBuilder.build(qemu, type, m, firmware(), host);
    }

    /** {@code virsh domcapabilities} as XML. */
    public String domainCapsXml(String emulatorBin, String arch, String machine, String virtType) {
        return DomainCapsXml.render(domainCaps(emulatorBin, arch, machine, virtType));
    }

    /** A binary named without a directory is looked up in PATH, as the daemon starts it. */
    static Path resolve(String binary) {
        if (binary.contains("/")) {
            return Path.of(binary).toAbsolutePath();
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, binary);
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        return Path.of(binary);
    }

    private QemuCaps qemu(Path bin) {
        try {
            return cache.get(bin);
        } catch (QemuCapsException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, e.getMessage(), e);
        }
    }

    private List<FirmwareDescriptor> firmware() {
        try {
            return FirmwareDescriptors.load(sources.firmwareDirs()).all();
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "Cannot read the firmware descriptors in "
                    + sources.firmwareDirs() + ": " + e.getMessage() + ".", e);
        }
    }

    private HostCapsReader.Texts texts() {
        return new HostCapsReader.Texts(read(sources.cpuinfo()), read(sources.meminfo()), read(sources.machineId()));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
