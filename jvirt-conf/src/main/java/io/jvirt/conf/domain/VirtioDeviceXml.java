package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;

/** Reads and writes {@code <memballoon>} and {@code <rng>}, in libvirt's element and attribute order. */
final class VirtioDeviceXml {

    private VirtioDeviceXml() {
    }

    static MemballoonDef memballoon(XmlCursor c) {
        MemballoonDef.Model model = c.requireEnumAttr("model", MemballoonDef.Model.class);
        Boolean autodeflate = c.onOffAttr("autodeflate");
        Boolean freePageReporting = c.onOffAttr("freePageReporting");
        Integer period = null;
        XmlCursor s = c.child("stats");
        if (s != null) {
            s.requireAttr("period");
            period = s.intAttr("period", 86400);
            s.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        VirtioOptions options = driver(c);
        c.finish();
        Integer fp = period;
        return c.build(() -> new MemballoonDef(model, autodeflate, freePageReporting, fp, options, address));
    }

    static XmlOut memballoon(MemballoonDef m) {
        XmlOut x = XmlOut.element("memballoon").attr("model", m.model()).onOff("autodeflate", m.autodeflate())
                .onOff("freePageReporting", m.freePageReporting());
        if (m.statsPeriod() != null) {
            x.child(XmlOut.element("stats").attr("period", m.statsPeriod()));
        }
        x.child(AddressParser.format(m.address()));
        return x.child(driver(m.options()));
    }

    static RngDef rng(XmlCursor c) {
        VirtioModel model = c.requireEnumAttr("model", VirtioModel.class);
        XmlCursor b = c.requireChild("backend");
        String backendModel = b.requireAttr("model");
        RngDef.Backend backend = switch (backendModel) {
            case "random" -> {
                String path = b.text();
                b.finish();
                yield b.build(() -> new RngDef.Backend.Random(path));
            }
            case "egd" -> {
                CharSource source = CharSourceXml.read(b, true);
                b.finish();
                yield b.build(() -> new RngDef.Backend.Egd(source));
            }
            case "builtin" -> {
                b.finish();
                yield new RngDef.Backend.Builtin();
            }
            default -> throw b.invalid("model", backendModel, "expected random, egd or builtin");
        };
        Integer bytes = null;
        Integer period = null;
        XmlCursor r = c.child("rate");
        if (r != null) {
            r.requireAttr("bytes");
            bytes = r.intAttr("bytes", Integer.MAX_VALUE);
            period = r.intAttr("period", Integer.MAX_VALUE);
            r.finish();
        }
        VirtioOptions options = driver(c);
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        Integer fb = bytes;
        Integer fp = period;
        return c.build(() -> new RngDef(model, backend, fb, fp, options, address));
    }

    static XmlOut rng(RngDef r) {
        XmlOut x = XmlOut.element("rng").attr("model", r.model());
        if (r.rateBytes() != null) {
            x.child(XmlOut.element("rate").attr("bytes", r.rateBytes()).attr("period", r.ratePeriodMs()));
        }
        XmlOut b = XmlOut.element("backend").attr("model", r.backend().xml());
        switch (r.backend()) {
            case RngDef.Backend.Random random -> b.text(random.path());
            case RngDef.Backend.Egd egd -> {
                b.attr("type", egd.source().type());
                CharSourceXml.addSource(b, egd.source());
            }
            case RngDef.Backend.Builtin builtin -> {
                // no content
            }
        }
        x.child(b);
        x.child(driver(r.options()));
        return x.child(AddressParser.format(r.address()));
    }

    /** Reads the {@code <driver>} of a virtio device that has only the virtio options there. */
    private static VirtioOptions driver(XmlCursor c) {
        XmlCursor d = c.child("driver");
        if (d == null) {
            return VirtioOptions.NONE;
        }
        VirtioOptions o = VirtioOptions.read(d);
        d.finish();
        return o;
    }

    private static XmlOut driver(VirtioOptions o) {
        return o.isEmpty() ? null : o.write(XmlOut.element("driver"));
    }
}
