package io.jvirt.daemon.hostdev;

import io.jvirt.daemon.host.HostView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

/**
 * Moves a managed PCI device between its host driver and vfio-pci through the kernel's driver
 * binding files, as libvirt's virPCIDeviceDetach and virPCIDeviceReattach do: set
 * {@code driver_override}, unbind from the current driver, ask the kernel to probe; and back:
 * unbind from vfio-pci, clear the override, probe again (the kernel picks the host driver).
 */
final class VfioBinding {
    private static final Logger LOG = Logger.getLogger(VfioBinding.class.getName());

    private VfioBinding() {
    }

    /**
     * Binds a device to vfio-pci.
     *
     * @param host the host
     * @param name the device, such as {@code 0000:06:12.5}
     * @throws UncheckedIOException when the kernel refuses a step
     */
    static void toVfio(HostView host, String name) {
        String dir = "bus/pci/devices/" + name;
        if ("vfio-pci".equals(host.linkName(dir + "/driver"))) {
            return;
        }
        host.write(dir + "/driver_override", "vfio-pci");
        if (host.linkName(dir + "/driver") != null) {
            host.write(dir + "/driver/unbind", name);
        }
        host.write("bus/pci/drivers_probe", name);
        if (!"vfio-pci".equals(host.linkName(dir + "/driver"))) {
            throw new UncheckedIOException(new IOException("the kernel did not bind " + name + " to vfio-pci"));
        }
    }

    /** Gives a device back to its host driver; problems are logged, the domain is gone either way. */
    static void toHost(HostView host, String name) {
        String dir = "bus/pci/devices/" + name;
        try {
            if ("vfio-pci".equals(host.linkName(dir + "/driver"))) {
                host.write("bus/pci/drivers/vfio-pci/unbind", name);
            }
            host.write(dir + "/driver_override", "\n");
            host.write("bus/pci/drivers_probe", name);
        } catch (UncheckedIOException e) {
            LOG.warning("cannot give PCI device " + name + " back to its host driver: " + e.getMessage());
        }
    }
}
