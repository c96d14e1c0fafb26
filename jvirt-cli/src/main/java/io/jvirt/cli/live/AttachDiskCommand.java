package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;
import io.jvirt.conf.xml.XmlOut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jvirt attach-disk DOMAIN SOURCE TARGET [options]}: writes the {@code <disk>} virsh
 * writes for the options (type file, or block when SOURCE is a block device) and attaches it.
 */
public final class AttachDiskCommand extends LiveVerb {
    private final Value<String> source = parameter("SOURCE", "Source of the disk: an image file or a block device.");
    private final Value<String> target = parameter("TARGET", "Target of the disk in the guest, such as vdb or sdb.");
    private final Value<String> targetbus = option("--targetbus", "BUS", "Target bus: virtio, scsi, sata, ide, ...");
    private final Value<String> driver = option("--driver", "NAME", "Driver of the disk (qemu).");
    private final Value<String> subdriver = option("--subdriver", "FORMAT", "Image format: raw, qcow2, ...");
    private final Value<String> iothread = option("--iothread", "ID", "IOThread to use.");
    private final Value<String> cache = option("--cache", "MODE", "Cache mode: none, writeback, writethrough, ...");
    private final Value<String> io = option("--io", "MODE", "I/O mode: threads, native, io_uring.");
    private final Value<String> type = option("--type", "DEVICE", "Device type: disk or cdrom.");
    private final Value<String> mode = option("--mode", "MODE", "readonly or shareable.");
    private final Flag shareable = flag("--shareable", "Same as --mode shareable.");
    private final Value<String> sourcetype = option("--sourcetype", "TYPE", "Source type: file or block.");
    private final Value<String> serial = option("--serial", "SERIAL", "Serial number the guest sees.");
    private final Value<String> wwn = option("--wwn", "WWN", "World wide name of the disk.");
    private final Value<String> alias = option("--alias", "ALIAS", "Custom alias (ua-...).");
    private final Value<String> address = option("--address", "ADDRESS",
            "Address: pci:0000.00.08.0, scsi:0.0.1, sata:0.0.2, ide:0.1.0, usb:0.1.");
    private final Flag multifunction = flag("--multifunction", "Use multifunction PCI under the given address.");
    private final Flag printXml = flag("--print-xml", "Print the XML instead of attaching the disk.");

    public AttachDiskCommand() {
        super("attach-disk", "Attach a disk device.", true);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        ChangeScope scope = scope();
        String xml = xml();
        if (printXml.get()) {
            out().print(xml);
            out().flush();
            return 0;
        }
        DomainInfo d = new LiveClient(client).attachDevice(domain.get(), xml, scope);
        return report(d, "Disk attached successfully");
    }

    private String xml() throws IOException {
        String m = shareable.get() ? "shareable" : mode.get();
        if (m != null && !m.equals("readonly") && !m.equals("shareable")) {
            throw bad("No support for " + m + " in command 'attach-disk'");
        }
        String st = sourcetype.get();
        if (st != null && !st.equals("file") && !st.equals("block")) {
            throw bad("Unknown source type: '" + st + "'");
        }
        if (st == null) {
            boolean blockDev = !"file".equals(driver.get()) && !"tap".equals(driver.get()) && isBlockDevice(source.get());
            st = blockDev ? "block" : "file";
        }
        XmlOut disk = XmlOut.element("disk").attr("type", st).attr("device", type.get());
        XmlOut drv = XmlOut.element("driver").attr("name", driver.get()).attr("type", subdriver.get())
                .attr("iothread", iothread.get()).attr("cache", cache.get()).attr("io", io.get());
        if (!drv.isEmpty()) {
            disk.child(drv);
        }
        disk.child(XmlOut.element("source").attr(st.equals("block") ? "dev" : "file", source.get()));
        disk.child(XmlOut.element("target").attr("dev", target.get()).attr("bus", targetbus.get()));
        if (m != null) {
            disk.child(XmlOut.element(m));
        }
        if (serial.get() != null) {
            disk.textChild("serial", serial.get());
        }
        if (alias.get() != null) {
            disk.child(XmlOut.element("alias").attr("name", alias.get()));
        }
        if (wwn.get() != null) {
            disk.textChild("wwn", wwn.get());
        }
        if (address.get() != null) {
            try {
                disk.child(VirshAddress.element(address.get(), target.get(), multifunction.get()));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }
        return disk.render();
    }

    /** Whether {@code path} is a block device (S_ISBLK), as virsh checks with stat. */
    static boolean isBlockDevice(String path) {
        try {
            int mode = (Integer) Files.getAttribute(Path.of(path), "unix:mode");
            return (mode & 0170000) == 0060000;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
