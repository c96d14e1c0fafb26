package io.jvirt.conf.domain;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlOut;

/** Writes {@link Devices} as the {@code <devices>} element, in libvirt's device order. */
final class DeviceFormatter {

    private DeviceFormatter() {
    }

    static XmlOut devices(Devices devs, Secrets secrets) {
        XmlOut d = XmlOut.element("devices");
        d.textChild("emulator", devs.emulator());
        // a serial console shows the first serial port, with its address (libvirt formats a copy of it)
        Address serialAddress = devs.serials().isEmpty() ? null : devs.serials().getFirst().address();
        devs.all().forEach(x -> d.child(x instanceof ConsoleDef c && !c.isVirtio() ? CharParser.console(c, serialAddress)
                : device(x, secrets)));
        return d; // libvirt always writes <devices>, even empty
    }

    /** Formats one device; the switch is exhaustive, so a new kind of device must be added here. */
    static XmlOut device(DeviceDef device, Secrets secrets) {
        return switch (device) {
            case DiskDef x -> disk(x);
            case ControllerDef x -> ControllerXml.format(x);
            case InterfaceDef x -> InterfaceXml.format(x);
            case SmartcardDef x -> UsbRedirXml.smartcard(x);
            case SerialDef x -> CharParser.serial(x);
            case ParallelDef x -> CharParser.parallel(x);
            case ConsoleDef x -> CharParser.console(x, null);
            case ChannelDef x -> CharParser.channel(x);
            case InputDef x -> DisplayXml.input(x);
            case GraphicsDef x -> GraphicsParser.format(x, secrets);
            case SoundDef x -> DisplayXml.sound(x);
            case AudioDef x -> AudioXml.format(x);
            case VideoDef x -> DisplayXml.video(x);
            case RedirdevDef x -> UsbRedirXml.redirdev(x);
            case RedirFilterDef x -> UsbRedirXml.redirfilter(x);
            case MemballoonDef x -> VirtioDeviceXml.memballoon(x);
            case RngDef x -> VirtioDeviceXml.rng(x);
            case HubDef x -> XmlOut.element("hub").attr("type", "usb").child(AddressParser.format(x.address()));
            case LeaseDef x -> GuestDeviceXml.lease(x);
            case HostdevDef x -> HostdevXml.format(x);
            case WatchdogDef x -> GuestDeviceXml.watchdog(x);
            case PanicDef x -> GuestDeviceXml.panic(x);
            case ShmemDef x -> GuestDeviceXml.shmem(x);
            case MemoryDeviceDef x -> MemoryDeviceXml.write(x);
            case IommuDef x -> GuestDeviceXml.iommu(x);
            case VsockDef x -> GuestDeviceXml.vsock(x);
        };
    }

    private static XmlOut disk(DiskDef disk) {
        XmlOut x = XmlOut.element("disk").attr("type", disk.type()).attr("device", disk.device());
        DiskDriver dr = disk.driver();
        if (dr != null) {
            x.child(XmlOut.element("driver").attr("name", dr.name()).attr("type", dr.format())
                    .attr("cache", dr.cache()).attr("io", dr.io()).attr("discard", dr.discard()));
        }
        if (disk.volume() != null) {
            x.child(XmlOut.element("source").attr("pool", disk.volume().pool()).attr("volume", disk.volume().volume())
                    .attr("file", disk.source()));
        } else if (disk.source() != null) {
            String attr = switch (disk.type()) {
                case FILE, VOLUME -> "file";
                case BLOCK -> "dev";
            };
            x.child(XmlOut.element("source").attr(attr, disk.source()));
        }
        x.child(XmlOut.element("target").attr("dev", disk.target().dev()).attr("bus", disk.target().bus()));
        if (disk.readonly()) {
            x.child(XmlOut.element("readonly"));
        }
        if (disk.shareable()) {
            x.child(XmlOut.element("shareable"));
        }
        x.textChild("serial", disk.serial());
        if (disk.bootOrder() != null) {
            x.child(XmlOut.element("boot").attr("order", disk.bootOrder()));
        }
        return x.child(AddressParser.format(disk.address()));
    }
}
