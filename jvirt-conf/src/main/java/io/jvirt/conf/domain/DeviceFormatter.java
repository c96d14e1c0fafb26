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
            case DiskDef x -> DiskFormatter.disk(x, secrets);
            case ControllerDef x -> ControllerXml.format(x);
            case LeaseDef x -> GuestDeviceXml.lease(x);
            case FilesystemDef x -> FilesystemXml.format(x);
            case InterfaceDef x -> InterfaceXml.format(x);
            case SmartcardDef x -> UsbRedirXml.smartcard(x);
            case SerialDef x -> CharParser.serial(x);
            case ParallelDef x -> CharParser.parallel(x);
            case ConsoleDef x -> CharParser.console(x, null);
            case ChannelDef x -> CharParser.channel(x);
            case InputDef x -> DisplayXml.input(x);
            case TpmDef x -> TpmXml.format(x);
            case GraphicsDef x -> GraphicsParser.format(x, secrets);
            case SoundDef x -> DisplayXml.sound(x);
            case AudioDef x -> AudioXml.format(x);
            case VideoDef x -> DisplayXml.video(x);
            case RedirdevDef x -> UsbRedirXml.redirdev(x);
            case RedirFilterDef x -> UsbRedirXml.redirfilter(x);
            case MemballoonDef x -> VirtioDeviceXml.memballoon(x);
            case RngDef x -> VirtioDeviceXml.rng(x);
            case HubDef x -> XmlOut.element("hub").attr("type", "usb").child(AddressParser.format(x.address()));
            case HostdevDef x -> HostdevXml.format(x);
            case WatchdogDef x -> GuestDeviceXml.watchdog(x);
            case PanicDef x -> GuestDeviceXml.panic(x);
            case ShmemDef x -> GuestDeviceXml.shmem(x);
            case MemoryDeviceDef x -> MemoryDeviceXml.write(x);
            case IommuDef x -> GuestDeviceXml.iommu(x);
            case VsockDef x -> GuestDeviceXml.vsock(x);
        };
    }
}
