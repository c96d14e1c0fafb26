package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code <devices>} element: the emulator and every device, kept in libvirt's order of
 * kinds ({@link DeviceKind}) and in document order within a kind. Immutable; the typed views
 * ({@link #disks()}, ...) are computed once.
 */
public final class Devices {

    /** No devices at all. */
    public static final Devices NONE = new Devices(null, List.of());

    private final String emulator;
    private final List<DeviceDef> all;
    private final Map<DeviceKind, List<DeviceDef>> byKind = new EnumMap<>(DeviceKind.class);

    /**
     * Creates the device list, gives every controller without an index the one libvirt gives
     * it ({@link ControllerIndexes}), and checks the rules that span devices: unique disk
     * targets, controller indexes, boot orders, serial ports, channel names, audio ids and
     * addresses. Every broken rule is reported at once.
     *
     * @param emulator the QEMU binary path, or null for the daemon's default
     * @param devices the devices, in any order of kinds
     */
    public Devices(String emulator, List<? extends DeviceDef> devices) {
        Checks.path(emulator, "The emulator path");
        this.emulator = emulator;
        List<DeviceDef> sorted = new ArrayList<>(ControllerIndexes.assign(Checks.list(devices)));
        sorted.sort(Comparator.comparing(DeviceDef::kind));
        this.all = List.copyOf(sorted);
        for (DeviceKind k : DeviceKind.values()) {
            byKind.put(k, all.stream().filter(d -> d.kind() == k).toList());
        }
        List<ConfException> problems = new ArrayList<>();
        validate(problems);
        ControllerIndexes.check(controllers(), problems);
        if (!problems.isEmpty()) {
            throw ConfException.combine(problems);
        }
    }

    private void validate(List<ConfException> problems) {
        List<DiskDef> disks = disks();
        List<InterfaceDef> interfaces = interfaces();
        List<SerialDef> serials = serials();
        List<ChannelDef> channels = channels();
        List<AudioDef> audios = audios();
        List<VideoDef> videos = videos();
        Set<String> targets = new HashSet<>();
        for (DiskDef d : disks) {
            if (!targets.add(d.target().dev())) {
                problems.add(new ConfException(Kind.DUPLICATE,
                        "The disk target '" + d.target().dev() + "' is used by more than one disk."));
            }
        }
        try {
            DiskGroups.check(disks);
        } catch (ConfException e) {
            problems.add(e);
        }
        Map<Integer, String> bootOrders = new HashMap<>();
        for (DiskDef d : disks) {
            addBootOrder(bootOrders, d.bootOrder(), "disk '" + d.target().dev() + "'", problems);
        }
        for (InterfaceDef n : interfaces) {
            addBootOrder(bootOrders, n.bootOrder(), "interface '" + n.mac() + "'", problems);
        }
        Set<String> tags = new HashSet<>();
        for (FilesystemDef f : filesystems()) {
            addBootOrder(bootOrders, f.bootOrder(), "filesystem '" + f.targetDir() + "'", problems);
            if (!tags.add(f.targetDir())) {
                problems.add(new ConfException(Kind.DUPLICATE,
                        "The filesystem target '" + f.targetDir() + "' is used by more than one filesystem."));
            }
        }
        if (tpms().size() > 1) {
            problems.add(new ConfException(Kind.DUPLICATE, "An x86 guest has at most one <tpm>."));
        }
        for (HostdevDef h : hostdevs()) {
            addBootOrder(bootOrders, h.bootOrder(), h.describe(), problems);
        }
        for (int i = 0; i < redirdevs().size(); i++) {
            addBootOrder(bootOrders, redirdevs().get(i).bootOrder(), "redirected USB device " + (i + 1), problems);
        }
        Set<Integer> serialPorts = new HashSet<>();
        for (int i = 0; i < serials.size(); i++) {
            int port = serials.get(i).port() == null ? i : serials.get(i).port();
            if (!serialPorts.add(port)) {
                problems.add(new ConfException(Kind.DUPLICATE,
                        "More than one serial port uses port number " + port + "."));
            }
        }
        Set<Integer> audioIds = new HashSet<>();
        for (AudioDef a : audios) {
            if (!audioIds.add(a.id())) {
                problems.add(new ConfException(Kind.DUPLICATE,
                        "There is more than one audio back end with id " + a.id() + "."));
            }
        }
        if (videos.stream().filter(v -> Boolean.TRUE.equals(v.primary())).count() > 1) {
            problems.add(new ConfException(Kind.CONFLICT, "Only one video device can be primary."));
        }
        DisplayRules.check(this, problems);
        HostDeviceRules.check(this, problems);
        if (memballoons().size() > 1) {
            problems.add(new ConfException(Kind.DUPLICATE, "<memballoon> may appear only once inside <devices>."));
        }
        Set<String> aliases = new HashSet<>();
        for (DeviceDef dev : all) {
            if (dev.alias() != null && !aliases.add(dev.alias())) {
                problems.add(new ConfException(Kind.DUPLICATE, "More than one device has the alias '" + dev.alias()
                        + "'; an alias names one device (QEMU's id of it)."));
            }
        }
        Set<String> places = new HashSet<>();
        for (DeviceDef dev : all) {
            if (dev.address() instanceof Address.Unassigned
                    && !(dev instanceof HostdevDef h && h.source() instanceof HostdevSource.Pci)) {
                problems.add(new ConfException(Kind.INVALID_VALUE, "Only a PCI host device can have an address of "
                        + "type 'unassigned'; give the " + dev.kind().element() + " another address or none."));
                continue;
            }
            Address a = position(dev.address());
            // drive addresses count per kind of disk controller: ide 0:0:0:0 is not scsi 0:0:0:0
            String bus = a instanceof Address.Drive ? (dev instanceof DiskDef d ? d.target().bus().xml()
                    : dev instanceof HostdevDef ? "scsi" : dev.kind().element()) + " " : "";
            if (a != null && !places.add(bus + a)) {
                problems.add(new ConfException(Kind.DUPLICATE, "Two devices use the same " + bus + a.describe() + "."));
            }
        }
    }

    /**
     * Returns the place an address names, for telling two devices in one place apart: null
     * for an address that still asks to be assigned (an empty PCI address, a USB address
     * without a port, a virtio-serial address with port 0), a PCI address without its
     * multifunction flag.
     */
    private static Address position(Address a) {
        return switch (a) {
            case null -> null;
            case Address.Pci p -> p.isEmpty() ? null : p.withMultifunction(null);
            case Address.Usb u -> u.port() == null ? null : u;
            case Address.VirtioSerial v -> v.port() == 0 ? null : v;
            case Address.Drive d -> d;
            case Address.Isa i -> i;
            case Address.Ccid c -> c;
            case Address.Unassigned u -> null;
        };
    }

    private static void addBootOrder(Map<Integer, String> seen, Integer order, String what,
                                     List<ConfException> problems) {
        if (order == null) {
            return;
        }
        String previous = seen.putIfAbsent(order, what);
        if (previous != null) {
            problems.add(new ConfException(Kind.DUPLICATE,
                    "The boot order " + order + " is used by both the " + previous + " and the " + what + "."));
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends DeviceDef> List<T> of(DeviceKind kind) {
        return (List<T>) byKind.get(kind);
    }

    /** Returns the QEMU binary path, or null for the daemon's default. */
    public String emulator() {
        return emulator;
    }

    /** Returns every device, in libvirt's order of kinds. */
    public List<DeviceDef> all() {
        return all;
    }

    /** Returns the disks. */
    public List<DiskDef> disks() {
        return of(DeviceKind.DISK);
    }

    /** Returns the controllers. */
    public List<ControllerDef> controllers() {
        return of(DeviceKind.CONTROLLER);
    }

    /** Returns the shared directories. */
    public List<FilesystemDef> filesystems() {
        return of(DeviceKind.FILESYSTEM);
    }

    /** Returns the TPMs (at most one). */
    public List<TpmDef> tpms() {
        return of(DeviceKind.TPM);
    }

    /** Returns the TPM, or null. */
    public TpmDef tpm() {
        return tpms().isEmpty() ? null : tpms().getFirst();
    }

    /** Returns the network interfaces. */
    public List<InterfaceDef> interfaces() {
        return of(DeviceKind.INTERFACE);
    }

    /** Returns the serial ports. */
    public List<SerialDef> serials() {
        return of(DeviceKind.SERIAL);
    }

    /** Returns the parallel ports. */
    public List<ParallelDef> parallels() {
        return of(DeviceKind.PARALLEL);
    }

    /** Returns the smartcard readers. */
    public List<SmartcardDef> smartcards() {
        return of(DeviceKind.SMARTCARD);
    }

    /** Returns the consoles. */
    public List<ConsoleDef> consoles() {
        return of(DeviceKind.CONSOLE);
    }

    /** Returns the channels. */
    public List<ChannelDef> channels() {
        return of(DeviceKind.CHANNEL);
    }

    /** Returns the input devices. */
    public List<InputDef> inputs() {
        return of(DeviceKind.INPUT);
    }

    /** Returns the graphics servers. */
    public List<GraphicsDef> graphics() {
        return of(DeviceKind.GRAPHICS);
    }

    /** Returns the sound cards. */
    public List<SoundDef> sounds() {
        return of(DeviceKind.SOUND);
    }

    /** Returns the redirected USB devices. */
    public List<RedirdevDef> redirdevs() {
        return of(DeviceKind.REDIRDEV);
    }

    /** Returns the USB redirection filter, or null. */
    public RedirFilterDef redirfilter() {
        List<RedirFilterDef> f = of(DeviceKind.REDIRFILTER);
        return f.isEmpty() ? null : f.getFirst();
    }

    /** Returns the audio back ends. */
    public List<AudioDef> audios() {
        return of(DeviceKind.AUDIO);
    }

    /** Returns the video adapters. */
    public List<VideoDef> videos() {
        return of(DeviceKind.VIDEO);
    }

    private List<MemballoonDef> memballoons() {
        return of(DeviceKind.MEMBALLOON);
    }

    /** Returns the balloon, or null when unspecified. */
    public MemballoonDef memballoon() {
        List<MemballoonDef> m = memballoons();
        return m.isEmpty() ? null : m.getFirst();
    }

    /** Returns the USB hubs. */
    public List<HubDef> hubs() {
        return of(DeviceKind.HUB);
    }

    /** Returns the entropy devices. */
    public List<RngDef> rngs() {
        return of(DeviceKind.RNG);
    }

    /** Returns the memory devices. */
    public List<MemoryDeviceDef> memories() {
        return of(DeviceKind.MEMORY);
    }

    /** Returns the leases. */
    public List<LeaseDef> leases() {
        return of(DeviceKind.LEASE);
    }

    /** Returns the host devices. */
    public List<HostdevDef> hostdevs() {
        return of(DeviceKind.HOSTDEV);
    }

    /** Returns the watchdog, or null. */
    public WatchdogDef watchdog() {
        List<WatchdogDef> w = of(DeviceKind.WATCHDOG);
        return w.isEmpty() ? null : w.getFirst();
    }

    /** Returns the panic notifiers. */
    public List<PanicDef> panics() {
        return of(DeviceKind.PANIC);
    }

    /** Returns the shared memory devices. */
    public List<ShmemDef> shmems() {
        return of(DeviceKind.SHMEM);
    }

    /** Returns the IOMMU, or null. */
    public IommuDef iommu() {
        List<IommuDef> i = of(DeviceKind.IOMMU);
        return i.isEmpty() ? null : i.getFirst();
    }

    /** Returns the vsock device, or null. */
    public VsockDef vsock() {
        List<VsockDef> v = of(DeviceKind.VSOCK);
        return v.isEmpty() ? null : v.getFirst();
    }

    /** Returns whether any disk, interface or host device has a per-device boot order. */
    public boolean hasBootOrder() {
        return disks().stream().anyMatch(d -> d.bootOrder() != null)
                || interfaces().stream().anyMatch(n -> n.bootOrder() != null)
                || filesystems().stream().anyMatch(f -> f.bootOrder() != null)
                || hostdevs().stream().anyMatch(h -> h.bootOrder() != null)
                || redirdevs().stream().anyMatch(r -> r.bootOrder() != null);
    }

    /**
     * Returns a copy in which the devices of one kind are replaced.
     *
     * @param kind the kind to replace
     * @param replacement the new devices of that kind
     * @return the copy
     */
    public Devices replacing(DeviceKind kind, List<? extends DeviceDef> replacement) {
        for (DeviceDef d : replacement) {
            if (d.kind() != kind) {
                throw new IllegalArgumentException("a " + d.kind() + " device among the replacement " + kind + "s");
            }
        }
        List<DeviceDef> out = new ArrayList<>(all.stream().filter(d -> d.kind() != kind).toList());
        out.addAll(replacement);
        return new Devices(emulator, out);
    }

    /**
     * Returns a copy with another disk list.
     *
     * @param newDisks the disks
     * @return the copy
     */
    public Devices withDisks(List<DiskDef> newDisks) {
        return replacing(DeviceKind.DISK, newDisks);
    }

    /**
     * Returns a copy with another interface list.
     *
     * @param newInterfaces the interfaces
     * @return the copy
     */
    public Devices withInterfaces(List<InterfaceDef> newInterfaces) {
        return replacing(DeviceKind.INTERFACE, newInterfaces);
    }

    /**
     * Returns a copy with another host device list.
     *
     * @param newHostdevs the host devices
     * @return the copy
     */
    public Devices withHostdevs(List<HostdevDef> newHostdevs) {
        return replacing(DeviceKind.HOSTDEV, newHostdevs);
    }

    /**
     * Returns a copy with another emulator.
     *
     * @param newEmulator the emulator path, or null
     * @return the copy
     */
    public Devices withEmulator(String newEmulator) {
        return new Devices(newEmulator, all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Devices d && Objects.equals(emulator, d.emulator) && all.equals(d.all);
    }

    @Override
    public int hashCode() {
        return Objects.hash(emulator, all);
    }

    @Override
    public String toString() {
        return "Devices[emulator=" + emulator + ", all=" + all + "]";
    }
}
