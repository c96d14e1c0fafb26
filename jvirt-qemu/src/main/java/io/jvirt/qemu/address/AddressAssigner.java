package io.jvirt.qemu.address;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.NumaDef;
import io.jvirt.qemu.address.AddressException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives a definition the controllers and device addresses libvirt 9.0 gives it for QEMU 7.2
 * when it is defined: a pure function, run by the daemon when a definition is defined or
 * created and when it loads one stored without addresses. The QEMU command line is then built
 * from the addresses alone.
 *
 * <p>Steps, each libvirt's: implicit devices and default models ({@link ImplicitDevices});
 * virtio-serial ports; PCI slots in two passes, adding pcie-root-ports or pci-bridges as the
 * devices need them ({@link PciPlacement}); USB ports, adding hubs when ports run out.
 *
 * <p>Stable: an address the definition has is never moved, and a device added to an assigned
 * definition gets a free place without moving any other. Assigning an assigned definition
 * changes nothing ({@code assign(assign(d)).equals(assign(d))}).
 */
public final class AddressAssigner {

    /**
     * How to assign.
     *
     * @param sparePcieRootPorts how many empty hot-pluggable pcie-root-ports a q35 guest keeps
     *     at least, for devices added later (libvirt adds one to a guest whose PCI layout it
     *     made; virt-install asks for more); 0 for libvirt's behaviour
     * @param assignUsbPorts whether USB devices get ports when some already have one (libvirt
     *     does this when a domain is defined; its test suite's XML round trip does not)
     */
    public record Options(int sparePcieRootPorts, boolean assignUsbPorts) {
        /** What libvirt does when a domain is defined. */
        public static final Options DEFINE = new Options(0, true);

        /** Validates the count. */
        public Options {
            if (sparePcieRootPorts < 0 || sparePcieRootPorts > 64) {
                throw new IllegalArgumentException("spare root ports must be 0 to 64, not " + sparePcieRootPorts);
            }
        }
    }

    private AddressAssigner() {
    }

    /**
     * Assigns what libvirt assigns when a domain is defined.
     *
     * @param def the definition
     * @return the definition with every controller and address in place
     * @throws AddressException when addresses conflict, a bus is full, or the machine is not supported
     */
    public static DomainDef assign(DomainDef def) {
        return assign(def, Options.DEFINE);
    }

    /**
     * Assigns with options.
     *
     * @param def the definition
     * @param options the options
     * @return the definition with every controller and address in place
     * @throws AddressException when addresses conflict, a bus is full, or the machine is not supported
     */
    public static DomainDef assign(DomainDef def, Options options) {
        Set<Integer> nodes = def.cpu() == null || def.cpu().numa() == null ? Set.of()
                : def.cpu().numa().cells().stream().map(NumaDef.Cell::id).collect(Collectors.toSet());
        Working w = new Working(Chipset.of(def), nodes, def.devices().all());
        ImplicitDevices.add(w);
        VirtioSerialPorts.assign(w);
        PciPlacement.place(w, options.sparePcieRootPorts());
        UsbPorts.assign(w, options.assignUsbPorts());
        Devices devices;
        try {
            devices = new Devices(def.devices().emulator(), w.devices());
        } catch (ConfException e) {
            throw new AddressException(Kind.CONFLICT, e.problems().stream().map(ConfException::getMessage).toList());
        }
        return devices.equals(def.devices()) ? def : def.withDevices(devices);
    }

    /**
     * Returns what keeps a definition from being run as it is: the problems assignment finds
     * (conflicting addresses), or else the devices and controllers it would have to add or
     * place, because the definition was not assigned. An empty list means the definition has
     * every address and they fit together.
     *
     * @param def the definition
     * @return whole sentences, empty when the definition is complete
     */
    public static List<String> check(DomainDef def) {
        DomainDef assigned;
        try {
            assigned = assign(def);
        } catch (AddressException e) {
            return e.problems();
        }
        if (assigned == def) {
            return List.of();
        }
        List<DeviceDef> before = def.devices().all();
        List<String> missing = new ArrayList<>();
        for (DeviceDef d : assigned.devices().all()) {
            if (!before.contains(d)) {
                DeviceBuses.Row row = DeviceBuses.of(d);
                boolean unplaced = row.withAddress() != null && before.contains(row.withAddress().apply(null));
                missing.add("the " + row.what() + (unplaced ? " has no address" : " is missing"));
            }
        }
        if (missing.isEmpty()) {
            missing.add("its controllers lack the options libvirt fills in");
        }
        int shown = Math.min(missing.size(), 3);
        String list = String.join(", ", missing.subList(0, shown))
                + (missing.size() > shown ? " and " + (missing.size() - shown) + " more" : "");
        return List.of("The definition was not given its addresses (" + list + "); jvirtd assigns them when it "
                + "defines a domain, so define it again.");
    }
}
