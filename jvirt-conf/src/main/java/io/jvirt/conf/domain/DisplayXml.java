package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code <input>}, {@code <video>} and {@code <sound>} elements in libvirt's order. */
final class DisplayXml {

    /** Video models libvirt knows for other hypervisors and firmware. */
    private static final List<String> FOREIGN_VIDEO = List.of("xen", "vbox", "parallels", "gop", "default");

    private DisplayXml() {
    }

    static InputDef input(XmlCursor c) {
        InputDef.Type type = c.requireEnumAttr("type", InputDef.Type.class);
        String busName = c.attr("bus");
        if ("xen".equals(busName) || "parallels".equals(busName)) {
            throw c.error(Kind.UNSUPPORTED, "The input bus '" + busName + "' is not one QEMU has; use ps2, usb or "
                    + "virtio.");
        }
        InputDef.Bus bus = c.enumAttr("bus", InputDef.Bus.class);
        InputDef.Model model = c.enumAttr("model", InputDef.Model.class);
        InputDef.Source source = null;
        XmlCursor s = c.child("source");
        if (s != null) {
            String attr = switch (type) {
                case PASSTHROUGH -> "evdev";
                case EVDEV -> "dev";
                case MOUSE, TABLET, KEYBOARD -> null;
            };
            if (attr == null) {
                throw s.error(Kind.CONFLICT, "Only passthrough and evdev inputs have a <source>.");
            }
            String path = s.attr(attr);
            InputDef.Grab grab = type == InputDef.Type.EVDEV ? s.enumAttr("grab", InputDef.Grab.class) : null;
            InputDef.GrabToggle toggle = type == InputDef.Type.EVDEV
                    ? s.enumAttr("grabToggle", InputDef.GrabToggle.class) : null;
            Boolean repeat = type == InputDef.Type.EVDEV ? s.onOffAttr("repeat") : null;
            s.finish();
            source = s.build(() -> new InputDef.Source(path, grab, toggle, repeat));
        }
        XmlCursor d = c.child("driver");
        VirtioOptions options = VirtioOptions.read(d);
        if (d != null) {
            d.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        InputDef.Source fs = source;
        return c.build(() -> new InputDef(type, bus == null ? InputDef.defaultBus(type) : bus, model, fs, options,
                address));
    }

    static XmlOut input(InputDef in) {
        XmlOut x = XmlOut.element("input").attr("type", in.type())
                .attr("bus", in.bus() == InputDef.Bus.NONE ? null : in.bus()).attr("model", in.model());
        if (!in.options().isEmpty()) {
            x.child(in.options().write(XmlOut.element("driver")));
        }
        InputDef.Source s = in.source();
        if (s != null) {
            x.child(XmlOut.element("source").attr(in.type() == InputDef.Type.EVDEV ? "dev" : "evdev", s.path())
                    .attr("grab", s.grab()).attr("grabToggle", s.grabToggle()).onOff("repeat", s.repeat()));
        }
        return x.child(AddressParser.format(in.address()));
    }

    static VideoDef video(XmlCursor c) {
        VideoDef.Backend backend = null;
        VirtioOptions options = VirtioOptions.NONE;
        XmlCursor d = c.child("driver");
        if (d != null) {
            backend = d.enumAttr("name", VideoDef.Backend.class);
            options = VirtioOptions.read(d);
            d.finish();
        }
        XmlCursor m = c.child("model");
        String type = m == null ? null : m.attr("type");
        if (type != null && FOREIGN_VIDEO.contains(type)) {
            throw m.error(Kind.UNSUPPORTED, "QEMU has no '" + type + "' video model; use vga, cirrus, vmvga, qxl, "
                    + "virtio, bochs, ramfb or none.");
        }
        // without a model, libvirt picks its default for QEMU on x86: cirrus
        VideoDef.Model model = type == null ? VideoDef.Model.CIRRUS : m.requireEnumAttr("type", VideoDef.Model.class);
        Integer ram = null;
        Integer vram = null;
        Integer vram64 = null;
        Integer vgamem = null;
        Integer heads = null;
        Boolean primary = null;
        VideoDef.Acceleration accel = null;
        VideoDef.Resolution resolution = null;
        if (m != null) {
            ram = m.intAttr("ram", Integer.MAX_VALUE);
            vram = m.intAttr("vram", Integer.MAX_VALUE);
            vram64 = m.intAttr("vram64", Integer.MAX_VALUE);
            vgamem = m.intAttr("vgamem", Integer.MAX_VALUE);
            heads = m.intAttr("heads", Integer.MAX_VALUE);
            primary = m.yesNoAttr("primary");
            XmlCursor a = m.child("acceleration");
            if (a != null) {
                Boolean accel3d = a.yesNoAttr("accel3d");
                Boolean accel2d = a.yesNoAttr("accel2d");
                String rendernode = a.attr("rendernode");
                a.finish();
                accel = a.build(() -> new VideoDef.Acceleration(accel3d, accel2d, rendernode));
            }
            XmlCursor r = m.child("resolution");
            if (r != null) {
                r.requireAttr("x");
                r.requireAttr("y");
                int x = r.intAttr("x", Integer.MAX_VALUE);
                int y = r.intAttr("y", Integer.MAX_VALUE);
                r.finish();
                resolution = r.build(() -> new VideoDef.Resolution(x, y));
            }
            m.finish();
        }
        Integer acpiIndex = HostdevXml.acpiIndex(c.child("acpi"));
        String alias = HostdevXml.userAlias(c);
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        VideoDef.Backend fb = backend;
        VirtioOptions fo = options;
        VideoDef.Acceleration fa = accel;
        VideoDef.Resolution fr = resolution;
        Integer[] sizes = {ram, vram, vram64, vgamem, heads};
        Boolean fp = primary;
        return c.build(() -> new VideoDef(model, sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], fp, fa, fr, fb,
                fo, acpiIndex, alias, address).withDefaults());
    }

    static XmlOut video(VideoDef v) {
        XmlOut x = XmlOut.element("video");
        if (v.backend() != null || !v.options().isEmpty()) {
            x.child(v.options().write(XmlOut.element("driver")).attr("name", v.backend()));
        }
        XmlOut m = XmlOut.element("model").attr("type", v.model()).attr("ram", v.ram()).attr("vram", v.vram())
                .attr("vram64", v.vram64()).attr("vgamem", v.vgamem()).attr("heads", v.heads())
                .yesNo("primary", v.primary());
        if (v.acceleration() != null) {
            m.child(XmlOut.element("acceleration").yesNo("accel3d", v.acceleration().accel3d())
                    .yesNo("accel2d", v.acceleration().accel2d()).attr("rendernode", v.acceleration().rendernode()));
        }
        if (v.resolution() != null) {
            m.child(XmlOut.element("resolution").attr("x", v.resolution().x()).attr("y", v.resolution().y()));
        }
        x.child(m);
        if (v.alias() != null) {
            x.child(XmlOut.element("alias").attr("name", v.alias()));
        }
        return x.child(HostdevXml.acpi(v.acpiIndex())).child(AddressParser.format(v.address()));
    }

    static SoundDef sound(XmlCursor c) {
        String modelName = c.requireAttr("model");
        if (modelName.equals("ich7")) {
            throw c.error(Kind.UNSUPPORTED, "QEMU has no ich7 sound card; use ich9 or ich6.");
        }
        SoundDef.Model model = c.requireEnumAttr("model", SoundDef.Model.class);
        List<SoundDef.Codec> codecs = new ArrayList<>();
        for (XmlCursor codec : c.children("codec")) {
            codecs.add(codec.requireEnumAttr("type", SoundDef.Codec.class));
            codec.finish();
        }
        Integer audioId = null;
        XmlCursor a = c.child("audio");
        if (a != null) {
            a.requireAttr("id");
            audioId = a.intAttr("id", Integer.MAX_VALUE);
            a.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        Integer fa = audioId;
        return c.build(() -> new SoundDef(model, codecs, fa, address));
    }

    static XmlOut sound(SoundDef s) {
        XmlOut x = XmlOut.element("sound").attr("model", s.model());
        s.codecs().forEach(codec -> x.child(XmlOut.element("codec").attr("type", codec)));
        if (s.audioId() != null) {
            x.child(XmlOut.element("audio").attr("id", s.audioId()));
        }
        return x.child(AddressParser.format(s.address()));
    }
}
