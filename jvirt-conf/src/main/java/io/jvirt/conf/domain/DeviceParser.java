package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.VlanDef;
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
        r.put("disk", DeviceParser::disk);
        r.put("controller", ControllerXml::read);
        r.put("interface", this::iface);
        r.put("smartcard", UsbRedirXml::smartcard);
        r.put("serial", CharParser::serial);
        r.put("parallel", CharParser::parallel);
        r.put("console", CharParser::console);
        r.put("channel", CharParser::channel);
        r.put("input", DisplayXml::input);
        r.put("graphics", GraphicsParser::graphics);
        r.put("sound", DisplayXml::sound);
        r.put("audio", AudioXml::read);
        r.put("video", DisplayXml::video);
        r.put("redirdev", UsbRedirXml::redirdev);
        r.put("redirfilter", UsbRedirXml::redirfilter);
        r.put("memballoon", DeviceParser::memballoon);
        r.put("hub", DeviceParser::hub);
        r.put("rng", DeviceParser::rng);
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
        return c.build(() -> new Devices(emulator, DeviceDefaults.apply(all)));
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

    private static DiskDef disk(XmlCursor c) {
        DiskDef.Type type = c.enumAttr("type", DiskDef.Type.class);
        DiskDef.Type t = type == null ? DiskDef.Type.FILE : type;
        DiskDef.Device device = c.enumAttr("device", DiskDef.Device.class);
        DiskDriver driver = null;
        XmlCursor dr = c.child("driver");
        if (dr != null) {
            String name = dr.attr("name");
            DiskDriver.Format format = dr.enumAttr("type", DiskDriver.Format.class);
            DiskDriver.Cache cache = dr.enumAttr("cache", DiskDriver.Cache.class);
            DiskDriver.Io io = dr.enumAttr("io", DiskDriver.Io.class);
            DiskDriver.Discard discard = dr.enumAttr("discard", DiskDriver.Discard.class);
            dr.finish();
            driver = dr.build(() -> new DiskDriver(name, format, cache, io, discard));
        }
        String source = null;
        DiskDef.VolumeSource volume = null;
        XmlCursor src = c.child("source");
        if (src != null) {
            String attr = switch (t) {
                case FILE, VOLUME -> "file";
                case BLOCK -> "dev";
            };
            source = src.attr(attr);
            List<String> others = new ArrayList<>(List.of("file", "dev", "dir", "pool", "volume", "protocol",
                    "name"));
            others.remove(attr);
            if (t == DiskDef.Type.VOLUME) {
                others.removeAll(List.of("pool", "volume"));
            }
            src.notApplicable("a disk of type '" + t.xml() + "'", others.toArray(String[]::new));
            if (t == DiskDef.Type.VOLUME) {
                String pool = src.requireAttr("pool");
                String vol = src.requireAttr("volume");
                volume = src.build(() -> new DiskDef.VolumeSource(pool, vol));
            }
            src.finish();
        }
        XmlCursor tg = c.requireChild("target");
        String dev = tg.requireAttr("dev");
        DiskDef.Bus bus = tg.enumAttr("bus", DiskDef.Bus.class);
        tg.finish();
        DiskDef.Bus effectiveBus = bus != null ? bus : DiskDef.Bus.forDevName(dev);
        DiskDef.Target target = tg.build(() -> new DiskDef.Target(dev, effectiveBus));
        boolean readonly = c.flag("readonly");
        boolean shareable = c.flag("shareable");
        Integer bootOrder = bootOrder(c);
        String serial = c.childText("serial");
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        DiskDriver fd = driver;
        String fs = source;
        DiskDef.VolumeSource fv = volume;
        return c.build(() -> new DiskDef(t, device == null ? DiskDef.Device.DISK : device, fd, fs, fv, target,
                readonly, shareable, bootOrder, serial, address));
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

    private InterfaceDef iface(XmlCursor c) {
        String type = c.requireAttr("type");
        XmlCursor src = c.child("source");
        NetBackend backend = switch (type) {
            case "user" -> {
                if (src != null) {
                    throw src.error(Kind.UNKNOWN_ELEMENT,
                            "an interface of type 'user' has no <source>; remove it.");
                }
                yield new NetBackend.User();
            }
            case "network" -> {
                requireSource(c, src, "network");
                String network = src.requireAttr("network");
                String portgroup = src.attr("portgroup");
                src.notApplicable("an interface of type 'network'", "bridge", "dev");
                src.finish();
                yield src.build(() -> new NetBackend.Network(network, portgroup));
            }
            case "bridge" -> {
                requireSource(c, src, "bridge");
                String bridge = src.requireAttr("bridge");
                src.notApplicable("an interface of type 'bridge'", "network", "portgroup", "dev");
                src.finish();
                yield src.build(() -> new NetBackend.Bridge(bridge));
            }
            default -> throw c.error(Kind.INVALID_VALUE,
                    "The interface type '" + type + "' is not supported; use user, network or bridge.");
        };
        String mac = null;
        XmlCursor m = c.child("mac");
        if (m != null) {
            mac = m.requireAttr("address");
            m.finish();
        }
        VlanDef vlan = CommonXml.vlan(c.child("vlan"));
        BandwidthDef bandwidth = CommonXml.bandwidth(c.child("bandwidth"), true, "an interface");
        String targetDev = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            targetDev = t.requireAttr("dev");
            t.finish();
        }
        InterfaceDef.Model model = null;
        XmlCursor md = c.child("model");
        if (md != null) {
            model = md.requireEnumAttr("type", InterfaceDef.Model.class);
            md.finish();
        }
        InterfaceDef.LinkState link = null;
        XmlCursor l = c.child("link");
        if (l != null) {
            link = l.requireEnumAttr("state", InterfaceDef.LinkState.class);
            l.finish();
        }
        Integer mtu = null;
        XmlCursor mt = c.child("mtu");
        if (mt != null) {
            mt.requireAttr("size");
            mtu = mt.intAttr("size", 65535);
            mt.finish();
        }
        Integer bootOrder = bootOrder(c);
        String alias = null;
        XmlCursor al = c.child("alias");
        if (al != null) {
            alias = al.requireAttr("name");
            al.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        String falias = alias;
        String fmac = mac == null ? InterfaceDef.randomMac(random) : mac;
        InterfaceDef.Model fm = model;
        String ft = targetDev;
        InterfaceDef.LinkState fl = link;
        Integer fmtu = mtu;
        return c.build(() -> new InterfaceDef(backend, fmac, fm, bootOrder, address, ft, vlan, fl, bandwidth, fmtu,
                falias));
    }

    private static void requireSource(XmlCursor iface, XmlCursor src, String attr) {
        if (src == null) {
            throw iface.error(Kind.MISSING_VALUE, "An interface of type '" + attr + "' needs a <source " + attr
                    + "='...'/> element.");
        }
    }



    private static MemballoonDef memballoon(XmlCursor c) {
        MemballoonDef.Model model = c.requireEnumAttr("model", MemballoonDef.Model.class);
        Boolean autodeflate = c.onOffAttr("autodeflate");
        Integer period = null;
        XmlCursor s = c.child("stats");
        if (s != null) {
            s.requireAttr("period");
            period = s.intAttr("period", 86400);
            s.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        Integer fp = period;
        return c.build(() -> new MemballoonDef(model, autodeflate, fp, address));
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

    private static RngDef rng(XmlCursor c) {
        String model = c.requireAttr("model");
        if (!model.equals("virtio")) {
            throw c.error(Kind.INVALID_VALUE, "The rng model '" + model + "' is not supported; use 'virtio'.");
        }
        XmlCursor b = c.requireChild("backend");
        String backendModel = b.requireAttr("model");
        if (!backendModel.equals("random")) {
            throw b.error(Kind.INVALID_VALUE,
                    "The rng backend model '" + backendModel + "' is not supported; use 'random'.");
        }
        String path = b.text();
        b.finish();
        Integer bytes = null;
        Integer period = null;
        XmlCursor r = c.child("rate");
        if (r != null) {
            r.requireAttr("bytes");
            bytes = r.intAttr("bytes", Integer.MAX_VALUE);
            period = r.intAttr("period", Integer.MAX_VALUE);
            r.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        Integer fb = bytes;
        Integer fp = period;
        return c.build(() -> new RngDef(path == null ? RngDef.URANDOM : path, fb, fp, address));
    }
}
