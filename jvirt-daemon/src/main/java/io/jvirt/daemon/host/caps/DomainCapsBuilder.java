package io.jvirt.daemon.host.caps;

import io.jvirt.qemu.caps.CpuModelChooser;
import io.jvirt.qemu.caps.QemuCaps;
import io.jvirt.qemu.firmware.FirmwareDescriptor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides the domain capabilities from what QEMU said it has (its QOM types, CPU models, TPM
 * models), the firmware descriptors and, for KVM, the host's CPU features. Every enum lists what
 * both QEMU has and jvirt renders. Pure.
 */
public final class DomainCapsBuilder {

    /**
     * What the host contributes.
     *
     * @param cpuFeatures the host processor's features, QEMU's names (for KVM's host-model)
     * @param vendor the host's vendor in libvirt's words
     * @param vfio whether {@code /dev/vfio/vfio} exists (PCI assignment through VFIO)
     */
    public record Host(List<String> cpuFeatures, String vendor, boolean vfio) {
        /** Copies the list. */
        public Host {
            cpuFeatures = List.copyOf(cpuFeatures);
        }
    }

    private DomainCapsBuilder() {
    }

    /**
     * The capabilities of a {@code domainType} domain on {@code machine}.
     *
     * @param qemu the emulator's answers
     * @param domainType {@code qemu} or {@code kvm}
     * @param machine the machine type (canonical)
     * @param firmware the firmware descriptors, in priority order
     * @param host the host's part
     * @return the capabilities
     */
    public static DomainCaps build(QemuCaps qemu, String domainType, QemuCaps.Machine machine,
                                   List<FirmwareDescriptor> firmware, Host host) {
        boolean kvm = domainType.equals("kvm");
        boolean q35 = machine.name().contains("q35");
        String qemuArch = qemu.arch().equals("i686") ? "i386" : qemu.arch();
        Set<String> loaders = new LinkedHashSet<>();
        boolean secure = false;
        for (FirmwareDescriptor d : firmware) {
            if (!d.interfaces().contains("uefi") || !d.supports(qemuArch, machine.name())
                    || !(d.mapping() instanceof FirmwareDescriptor.Flash flash)
                    || d.has("requires-smm") && !q35) {
                continue;
            }
            loaders.add(flash.executable().filename());
            secure |= d.has("secure-boot") && q35;
        }
        List<String> secureValues = secure ? List.of("yes", "no") : List.of("no");
        return new DomainCaps(qemu.emulator(), domainType, machine.name(), qemu.arch(), machine.maxCpus(),
                qemu.hasType("iothread"), List.copyOf(loaders), secureValues, cpu(qemu, kvm, host),
                present(qemu, "file", "memory-backend-file", "anonymous", "memory-backend-ram",
                        "memfd", "memory-backend-memfd"),
                devices(qemu, q35, host), features(qemu),
                kvm ? List.of("relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer", "reset",
                        "vendor_id", "frequencies", "reenlightenment", "tlbflush", "ipi", "evmcs", "avic")
                        : List.of("spinlocks", "vendor_id"));
    }

    private static DomainCaps.Cpu cpu(QemuCaps qemu, boolean kvm, Host host) {
        Set<String> known = new HashSet<>(qemu.featureNames());
        List<String> features = kvm ? host.cpuFeatures() : qemu.tcgFeatures();
        CpuModelChooser.Choice choice = CpuModelChooser.chooseWithRemovals(features, host.vendor(), qemu.cpuModels(),
                known);
        Set<String> have = new HashSet<>(features);
        List<DomainCaps.Model> models = new ArrayList<>();
        for (QemuCaps.CpuModel m : qemu.cpuModels()) {
            boolean usable = kvm ? have.containsAll(m.features()) : m.usableTcg();
            models.add(new DomainCaps.Model(m.name(), usable, m.vendor(), m.deprecated()));
        }
        return new DomainCaps.Cpu(kvm, true, new DomainCaps.HostModel(choice.model(), host.vendor(), choice.extra(),
                choice.missing()),
                models);
    }

    private static Map<String, Map<String, List<String>>> devices(QemuCaps q, boolean q35, Host host) {
        Map<String, Map<String, List<String>>> d = new LinkedHashMap<>();
        List<String> virtioModels = virtioModels(q, "virtio-blk-pci");
        d.put("disk", ordered(
                "diskDevice", present(q, "disk", null, "cdrom", null, "floppy", "isa-fdc", "lun", "scsi-block"),
                "bus", present(q, "ide", q35 ? "-" : "piix3-ide", "fdc", "isa-fdc", "scsi", "virtio-scsi-pci",
                        "virtio", "virtio-blk-pci", "usb", "usb-storage", "sata", "ich9-ahci"),
                "model", virtioModels));
        List<String> graphics = new ArrayList<>();
        if (q.displays().contains("sdl")) {
            graphics.add("sdl");
        }
        graphics.add("vnc");
        if (q.displays().contains("spice-app") || q.hasType("chardev-spicevmc")) {
            graphics.add("spice");
        }
        if (q.displays().contains("egl-headless")) {
            graphics.add("egl-headless");
        }
        if (q.displays().contains("dbus") || q.hasType("dbus-display")) {
            graphics.add("dbus");
        }
        d.put("graphics", ordered("type", graphics));
        List<String> video = new ArrayList<>(present(q, "vga", "VGA", "cirrus", "cirrus-vga", "vmvga", "vmware-svga",
                "qxl", "qxl-vga", "virtio", "virtio-vga"));
        video.add("none");
        video.addAll(present(q, "bochs", "bochs-display", "ramfb", "ramfb"));
        d.put("video", ordered("modelType", video));
        d.put("hostdev", ordered("mode", List.of("subsystem"),
                "startupPolicy", List.of("default", "mandatory", "requisite", "optional"),
                "subsysType", present(q, "usb", "usb-host", "pci", "vfio-pci", "scsi", "scsi-generic"),
                "capsType", List.of(),
                "pciBackend", host.vfio() && q.hasType("vfio-pci") ? List.of("vfio") : List.of()));
        d.put("rng", ordered("model", virtioModels(q, "virtio-rng-pci"),
                "backendModel", present(q, "random", "rng-random", "egd", "rng-egd", "builtin", "rng-builtin")));
        d.put("filesystem", ordered("driverType", present(q, "path", "virtio-9p-pci", "virtiofs", "vhost-user-fs-pci")));
        List<String> tpmBackends = new ArrayList<>(q.tpmTypes().stream()
                .filter(t -> t.equals("passthrough") || t.equals("emulator")).toList());
        if (q.tpmTypes().contains("emulator")) {
            tpmBackends.add("external");
        }
        d.put("tpm", ordered("model", q.tpmModels().stream().sorted((a, b) -> a.equals("tpm-tis") ? -1
                        : b.equals("tpm-tis") ? 1 : a.compareTo(b)).toList(),
                "backendModel", tpmBackends, "backendVersion", List.of("1.2", "2.0")));
        d.put("redirdev", ordered("bus", present(q, "usb", "usb-redir")));
        d.put("channel", ordered("type", present(q, "pty", "chardev-pty", "unix", "chardev-socket",
                "spicevmc", "chardev-spicevmc")));
        d.put("crypto", ordered("model", present(q, "virtio", "virtio-crypto-pci"), "type", List.of("qemu"),
                "backendModel", present(q, "builtin", "cryptodev-backend-builtin", "lkcf", "cryptodev-backend-lkcf")));
        return d;
    }

    private static Map<String, Boolean> features(QemuCaps q) {
        Map<String, Boolean> f = new LinkedHashMap<>();
        f.put("gic", false);
        f.put("vmcoreinfo", q.hasType("vmcoreinfo"));
        f.put("genid", q.hasType("vmgenid"));
        f.put("backingStoreInput", true);
        f.put("backup", false);
        f.put("sev", q.sev());
        f.put("sgx", q.sgx());
        return f;
    }

    /** virtio, and the transitional and non-transitional models when QEMU has those devices. */
    private static List<String> virtioModels(QemuCaps q, String type) {
        if (!q.hasType(type)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of("virtio"));
        if (q.hasType(type.replace("-pci", "-pci-transitional"))) {
            out.add("virtio-transitional");
        }
        if (q.hasType(type.replace("-pci", "-pci-non-transitional"))) {
            out.add("virtio-non-transitional");
        }
        return out;
    }

    /**
     * The values whose QOM type QEMU has, from pairs of value and type (a null type: always;
     * {@code -}: never).
     */
    private static List<String> present(QemuCaps q, String... valueTypePairs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < valueTypePairs.length; i += 2) {
            String type = valueTypePairs[i + 1];
            if (type == null || !type.equals("-") && q.hasType(type)) {
                out.add(valueTypePairs[i]);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> ordered(Object... nameValues) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], (List<String>) nameValues[i + 1]);
        }
        return m;
    }
}
