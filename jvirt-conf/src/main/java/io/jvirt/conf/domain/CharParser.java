package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;

/** Reads {@code <serial>}, {@code <console>} and {@code <channel>} elements. */
final class CharParser {

    private CharParser() {
    }

    static SerialDef serial(XmlCursor c) {
        CharSource source = source(c);
        SerialDef.TargetType targetType = null;
        Integer port = null;
        SerialDef.TargetModel model = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            targetType = t.enumAttr("type", SerialDef.TargetType.class);
            port = t.intAttr("port", 3);
            XmlCursor m = t.child("model");
            if (m != null) {
                model = m.requireEnumAttr("name", SerialDef.TargetModel.class);
                m.finish();
            }
            t.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        SerialDef.TargetType ft = targetType;
        Integer fp = port;
        SerialDef.TargetModel fm = model;
        return c.build(() -> new SerialDef(source, ft, fp, fm, address));
    }

    static ConsoleDef console(XmlCursor c) {
        CharSource source = source(c);
        ConsoleDef.TargetType targetType = null;
        Integer port = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            targetType = t.enumAttr("type", ConsoleDef.TargetType.class);
            port = t.intAttr("port", 31);
            t.finish();
        }
        c.finish();
        ConsoleDef.TargetType ft = targetType;
        Integer fp = port;
        return c.build(() -> new ConsoleDef(source, ft, fp));
    }

    static ChannelDef channel(XmlCursor c) {
        CharSource source = source(c);
        XmlCursor t = c.requireChild("target");
        String type = t.requireAttr("type");
        if (!type.equals("virtio")) {
            throw t.error(Kind.INVALID_VALUE,
                    "The channel target type '" + type + "' is not supported; use 'virtio'.");
        }
        String name = t.requireAttr("name");
        t.finish();
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        return c.build(() -> new ChannelDef(source, name, address));
    }

    private static CharSource source(XmlCursor c) {
        CharSource.Type type = c.requireEnumAttr("type", CharSource.Type.class);
        String path = null;
        CharSource.Mode mode = null;
        XmlCursor s = c.child("source");
        if (s != null) {
            path = s.attr("path");
            mode = s.enumAttr("mode", CharSource.Mode.class);
            s.finish();
        }
        CharSource.Log log = null;
        XmlCursor l = c.child("log");
        if (l != null) {
            String file = l.requireAttr("file");
            Boolean append = l.onOffAttr("append");
            l.finish();
            log = l.build(() -> new CharSource.Log(file, append));
        }
        String fp = path;
        CharSource.Mode fm = mode;
        CharSource.Log fl = log;
        return c.build(() -> new CharSource(type, fp, fm, fl));
    }
}
