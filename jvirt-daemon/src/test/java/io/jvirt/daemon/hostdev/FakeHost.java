package io.jvirt.daemon.hostdev;

import io.jvirt.daemon.host.HostView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake {@code /sys} and {@code /dev} tree, built as the kernel lays them out, and a view of it
 * that answers the driver binding writes as the kernel does: {@code driver/unbind} drops the
 * device's driver link, {@code drivers_probe} binds it to its {@code driver_override} (or back to
 * the driver it had first). Every write is recorded.
 */
final class FakeHost implements HostView {
    final Path sys;
    final Path dev;
    final List<String> writes = new ArrayList<>();
    private final HostView files;

    FakeHost(Path root) {
        this.sys = root.resolve("sys");
        this.dev = root.resolve("dev");
        this.files = HostView.of(sys, dev);
        mkdirs(sys.resolve("kernel/iommu_groups"));
        mkdirs(sys.resolve("bus/pci/devices"));
        mkdirs(sys.resolve("bus/pci/drivers"));
        mkdirs(sys.resolve("bus/usb/devices"));
        mkdirs(dev);
        file(sys.resolve("bus/pci/drivers_probe"), "");
    }

    FakeHost vfio() {
        mkdirs(dev.resolve("vfio"));
        file(dev.resolve("vfio/vfio"), "");
        driver("vfio-pci");
        return this;
    }

    FakeHost driver(String name) {
        Path d = sys.resolve("bus/pci/drivers/" + name);
        mkdirs(d);
        file(d.resolve("unbind"), "");
        file(d.resolve("bind"), "");
        return this;
    }

    /** A PCI device in an IOMMU group, bound to a driver (or none). */
    FakeHost pci(String name, int group, String driver) {
        Path d = sys.resolve("bus/pci/devices/" + name);
        mkdirs(d);
        file(d.resolve("driver_override"), "(null)\n");
        Path g = sys.resolve("kernel/iommu_groups/" + group + "/devices");
        mkdirs(g);
        link(g.resolve(name), d);
        link(d.resolve("iommu_group"), sys.resolve("kernel/iommu_groups/" + group));
        if (driver != null) {
            driver(driver);
            link(d.resolve("driver"), sys.resolve("bus/pci/drivers/" + driver));
            file(d.resolve("original_driver"), driver);
        }
        return this;
    }

    /** A PCI device without an IOMMU group. */
    FakeHost pciNoGroup(String name) {
        mkdirs(sys.resolve("bus/pci/devices/" + name));
        return this;
    }

    FakeHost devNode(String path) {
        mkdirs(dev.resolve(path).getParent());
        file(dev.resolve(path), "");
        return this;
    }

    FakeHost usb(String dir, int bus, int device, int vendor, int product) {
        Path d = sys.resolve("bus/usb/devices/" + dir);
        mkdirs(d);
        file(d.resolve("busnum"), bus + "\n");
        file(d.resolve("devnum"), device + "\n");
        file(d.resolve("idVendor"), String.format("%04x%n", vendor));
        file(d.resolve("idProduct"), String.format("%04x%n", product));
        return this;
    }

    FakeHost scsi(String lun, String sg) {
        mkdirs(sys.resolve("bus/scsi/devices/" + lun + "/scsi_generic/" + sg));
        return this;
    }

    /** Makes a VF of a physical function with a network interface. */
    FakeHost virtualFunction(String vf, String pf, String pfNet, int index) {
        mkdirs(sys.resolve("bus/pci/devices/" + pf + "/net/" + pfNet));
        link(sys.resolve("bus/pci/devices/" + vf + "/physfn"), sys.resolve("bus/pci/devices/" + pf));
        link(sys.resolve("bus/pci/devices/" + pf + "/virtfn" + index), sys.resolve("bus/pci/devices/" + vf));
        return this;
    }

    String driverOf(String name) {
        return files.linkName("bus/pci/devices/" + name + "/driver");
    }

    @Override
    public Path dev() {
        return dev;
    }

    @Override
    public boolean sysExists(String path) {
        return files.sysExists(path);
    }

    @Override
    public boolean devExists(String path) {
        return files.devExists(path);
    }

    @Override
    public String read(String path) {
        return files.read(path);
    }

    @Override
    public String linkName(String path) {
        return files.linkName(path);
    }

    @Override
    public List<String> list(String path) {
        return files.list(path);
    }

    @Override
    public void write(String path, String value) {
        writes.add(path + " <- " + value.strip());
        try {
            if (path.endsWith("/unbind")) {
                Files.deleteIfExists(sys.resolve("bus/pci/devices/" + value.strip() + "/driver"));
            } else if (path.equals("bus/pci/drivers_probe")) {
                Path d = sys.resolve("bus/pci/devices/" + value.strip());
                String override = Files.readString(d.resolve("driver_override")).strip();
                String to = override.isEmpty() || override.equals("(null)")
                        ? Files.readString(d.resolve("original_driver")).strip() : override;
                Files.deleteIfExists(d.resolve("driver"));
                link(d.resolve("driver"), sys.resolve("bus/pci/drivers/" + to));
            } else {
                files.write(path, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void file(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void link(Path link, Path target) {
        try {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, link.getParent().relativize(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
