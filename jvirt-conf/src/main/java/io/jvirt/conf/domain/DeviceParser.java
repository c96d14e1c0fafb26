package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** Maps the {@code <devices>} element to {@link Devices}; character devices go to {@link CharParser}. */
final class DeviceParser {

    private final RandomGenerator random;

    DeviceParser(RandomGenerator random) {
        this.random = random;
    }

    /**
     * The reader of each device element; a kind of device is added to the model by adding
     * its reader here (see {@link DeviceDef}).
     */
    private Map<String, Function<XmlCursor, ? extends DeviceDef>> readers() {
        Map<String, Function<XmlCursor, ? extends DeviceDef>> r = new LinkedHashMap<>();
        r.put("disk", DiskParser::disk);
        r.put("controller", ControllerXml::read);
        r.put("lease", GuestDeviceXml::lease);
        r.put("filesystem", FilesystemXml::filesystem);
        r.put("interface", x -> InterfaceXml.read(x, random));
        r.put("smartcard", UsbRedirXml::smartcard);
        r.put("serial", CharParser::serial);
        r.put("parallel", CharParser::parallel);
        r.put("console", CharParser::console);
        r.put("channel", CharParser::channel);
        r.put("input", DisplayXml::input);
        r.put("tpm", TpmXml::tpm);
        r.put("graphics", GraphicsParser::graphics);
        r.put("sound", DisplayXml::sound);
        r.put("audio", AudioXml::read);
        r.put("video", DisplayXml::video);
        r.put("redirdev", UsbRedirXml::redirdev);
        r.put("redirfilter", UsbRedirXml::redirfilter);
        r.put("hostdev", HostdevXml::read);
        r.put("hub", DeviceParser::hub);
        r.put("watchdog", GuestDeviceXml::watchdog);
        r.put("memballoon", VirtioDeviceXml::memballoon);
        r.put("rng", VirtioDeviceXml::rng);
        r.put("nvram", GuestDeviceXml::nvram);
        r.put("panic", GuestDeviceXml::panic);
        r.put("shmem", GuestDeviceXml::shmem);
        r.put("memory", MemoryDeviceXml::read);
        r.put("iommu", GuestDeviceXml::iommu);
        r.put("vsock", GuestDeviceXml::vsock);
        return r;
    }

    /**
     * Reads one device element on its own (a hotplug request's {@code <disk>} or
     * {@code <interface>}), with the defaults a definition would give it.
     */
    DeviceDef device(XmlCursor c) {
        Function<XmlCursor, ? extends DeviceDef> reader = readers().get(c.name());
        if (reader == null) {
            throw c.error(Kind.UNKNOWN_ELEMENT, "<" + c.name() + "> is not a device; a device document is one of <"
                    + String.join(">, <", readers().keySet()) + ">.");
        }
        DeviceDef d = c.read(x -> reader.apply(x));
        c.problems().throwIfAny();
        List<DeviceDef> completed = DeviceDefaults.apply(List.of(d));
        return completed.getFirst();
    }

    Devices devices(XmlCursor c) {
        String emulator = c.childText("emulator");
        List<DeviceDef> all = new ArrayList<>();
        readers().forEach((name, reader) -> all.addAll(each(c, name, reader)));
        c.finish();
        return c.build(() -> new Devices(emulator, DeviceDefaults.apply(DiskParser.postParse(all))));
    }


    /** Reads every child of that name; one that fails is reported and left out, and the next is read. */
    private static <T> List<T> each(XmlCursor c, String name, Function<XmlCursor, ? extends T> reader) {
        List<T> out = new ArrayList<>();
        for (XmlCursor x : c.children(name)) {
            T value = x.read(reader);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    static Integer bootOrder(XmlCursor c) {
        XmlCursor b = c.child("boot");
        if (b == null) {
            return null;
        }
        b.requireAttr("order");
        Integer order = b.intAttr("order", 65535);
        b.finish();
        return order;
    }

    private static HubDef hub(XmlCursor c) {
        String type = c.requireAttr("type");
        if (!type.equals("usb")) {
            throw c.invalid("type", type, "expected usb");
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        return c.build(() -> new HubDef(address));
    }
}
