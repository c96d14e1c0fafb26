package io.jvirt.daemon.hostdev;

import io.jvirt.conf.domain.HostdevSource;
import io.jvirt.daemon.host.HostView;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds USB devices in {@code /sys/bus/usb/devices} (by bus and device number, or by vendor and
 * product) and SCSI LUNs' generic nodes in {@code /sys/bus/scsi/devices}.
 */
final class UsbScsiChecks {

    private UsbScsiChecks() {
    }

    /**
     * A USB device the host has.
     *
     * @param bus its bus number
     * @param device its device number
     */
    record UsbDevice(int bus, int device) {
        String node() {
            return String.format("bus/usb/%03d/%03d", bus, device);
        }
    }

    /** The devices matching a source; empty when none does. */
    static List<UsbDevice> usb(HostView host, HostdevSource.Usb u) {
        List<UsbDevice> out = new ArrayList<>();
        for (String d : host.list("bus/usb/devices")) {
            String dir = "bus/usb/devices/" + d;
            Integer bus = number(host.read(dir + "/busnum"), 10);
            Integer dev = number(host.read(dir + "/devnum"), 10);
            if (bus == null || dev == null) {
                continue;
            }
            boolean match = u.hasAddress() ? bus.equals(u.bus()) && dev.equals(u.device()) : true;
            if (u.vendor() != null) {
                match &= u.vendor().equals(number(host.read(dir + "/idVendor"), 16))
                        && u.product().equals(number(host.read(dir + "/idProduct"), 16));
            }
            if (match) {
                out.add(new UsbDevice(bus, dev));
            }
        }
        return out;
    }

    /** The generic node of a SCSI LUN ({@code sg3}), or null when the host has no such LUN. */
    static String scsiGeneric(HostView host, HostdevSource.ScsiAdapter a) {
        List<String> sg = host.list("bus/scsi/devices/" + a.sysfsName() + "/scsi_generic");
        return sg.isEmpty() ? null : sg.getFirst();
    }

    private static Integer number(String text, int radix) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip(), radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
