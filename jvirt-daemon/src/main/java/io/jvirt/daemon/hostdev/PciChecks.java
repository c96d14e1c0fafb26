package io.jvirt.daemon.hostdev;

import io.jvirt.conf.domain.HostPciAddress;
import io.jvirt.daemon.host.HostView;
import java.util.List;
import java.util.Set;

/**
 * What a PCI device needs before QEMU can take it with VFIO, read from sysfs: an IOMMU, VFIO in
 * the kernel, the device, its IOMMU group, and a driver that lets go of it (vfio-pci already, or
 * none in the way when jvirt binds it). Each problem is a whole sentence added to a list.
 */
final class PciChecks {

    /** Drivers that may hold other devices of an IOMMU group without breaking its isolation. */
    private static final Set<String> GROUP_SAFE = Set.of("vfio-pci", "pci-stub", "pcieport");

    private PciChecks() {
    }

    /** The IOMMU and VFIO, checked once for every PCI and mediated device of a domain. */
    static void platform(HostView host, List<String> problems) {
        if (host.list("kernel/iommu_groups").isEmpty()) {
            problems.add("The host has no IOMMU groups, so the IOMMU is off; turn on VT-d (Intel) or AMD-Vi in the "
                    + "firmware and boot the kernel with intel_iommu=on (Intel) or amd_iommu=on (AMD).");
        }
        if (!host.devExists("vfio/vfio")) {
            problems.add("The host kernel has no VFIO (/dev/vfio/vfio is missing); load it with 'modprobe vfio-pci', "
                    + "or use a kernel built with CONFIG_VFIO_PCI.");
        }
    }

    /**
     * The checks of one device.
     *
     * @param host the host
     * @param a the device
     * @param managed whether jvirt binds it to vfio-pci itself
     * @param what the device as the domain names it, for messages
     * @param problems where problems go
     * @return the device's driver, or null when it has none or does not exist
     */
    static String device(HostView host, HostPciAddress a, boolean managed, String what, List<String> problems) {
        String name = a.sysfsName();
        String dir = "bus/pci/devices/" + name;
        if (!host.sysExists(dir)) {
            problems.add("The host has no PCI device " + name + " (" + what + "); check <source><address> against "
                    + "'lspci -D'.");
            return null;
        }
        String driver = host.linkName(dir + "/driver");
        if (!"vfio-pci".equals(driver)) {
            if (!managed) {
                problems.add(driver == null
                        ? "The PCI device " + name + " (" + what + ") is bound to no driver and managed='no'; bind it to "
                        + "vfio-pci ('driverctl set-override " + name + " vfio-pci') or set managed='yes'."
                        : "The PCI device " + name + " (" + what + ") is in use by the host driver '" + driver
                        + "' and managed='no'; bind it to vfio-pci ('driverctl set-override " + name
                        + " vfio-pci') or set managed='yes' for jvirt to do it.");
            } else if (!host.sysExists("bus/pci/drivers/vfio-pci")) {
                problems.add("The PCI device " + name + " (" + what + ") must be bound to vfio-pci, whose driver is not "
                        + "loaded; load it with 'modprobe vfio-pci'.");
            }
        }
        String group = host.linkName(dir + "/iommu_group");
        if (group == null) {
            problems.add("The PCI device " + name + " (" + what + ") is in no IOMMU group; VFIO can only take devices "
                    + "the IOMMU isolates.");
            return driver;
        }
        for (String other : host.list("kernel/iommu_groups/" + group + "/devices")) {
            if (other.equals(name)) {
                continue;
            }
            String otherDriver = host.linkName("bus/pci/devices/" + other + "/driver");
            if (otherDriver != null && !GROUP_SAFE.contains(otherDriver)) {
                problems.add("The PCI device " + name + " (" + what + ") shares IOMMU group " + group + " with "
                        + other + ", which the host driver '" + otherDriver + "' holds; a group goes to one guest "
                        + "whole, so give " + other + " to this guest too or unbind it.");
            }
        }
        if ("vfio-pci".equals(driver) && !host.devExists("vfio/" + group)) {
            problems.add("The VFIO group node /dev/vfio/" + group + " of the PCI device " + name + " is missing.");
        }
        return driver;
    }

    /**
     * The checks of an SR-IOV virtual function used as a network card.
     *
     * @return the physical function's network interface and the VF's index on it, or null
     */
    static VirtualFunction virtualFunction(HostView host, HostPciAddress a, String what, List<String> problems) {
        String name = a.sysfsName();
        String pf = host.linkName("bus/pci/devices/" + name + "/physfn");
        if (pf == null) {
            if (host.sysExists("bus/pci/devices/" + name)) {
                problems.add("The PCI device " + name + " (" + what + ") is not an SR-IOV virtual function; an "
                        + "interface of type 'hostdev' takes a VF, so use a <hostdev> for a whole device.");
            }
            return null;
        }
        List<String> nets = host.list("bus/pci/devices/" + pf + "/net");
        if (nets.isEmpty()) {
            problems.add("The physical function " + pf + " of " + name + " has no network interface to set the VF's "
                    + "MAC address through.");
            return null;
        }
        for (String entry : host.list("bus/pci/devices/" + pf)) {
            if (entry.startsWith("virtfn") && name.equals(host.linkName("bus/pci/devices/" + pf + "/" + entry))) {
                return new VirtualFunction(nets.getFirst(), Integer.parseInt(entry.substring("virtfn".length())));
            }
        }
        problems.add("The physical function " + pf + " does not list " + name + " among its virtual functions.");
        return null;
    }

    /**
     * A VF's place on its physical function.
     *
     * @param pfInterface the PF's network interface
     * @param index the VF number on it
     */
    record VirtualFunction(String pfInterface, int index) {
    }
}
