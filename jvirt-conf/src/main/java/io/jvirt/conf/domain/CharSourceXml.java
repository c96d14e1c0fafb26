package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlEnum;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the host side of a character device: the {@code type} attribute and the
 * {@code <source>}, {@code <protocol>} and {@code <log>} children of a serial, parallel,
 * console, channel, smartcard or redirdev element, in libvirt's element and attribute order.
 */
final class CharSourceXml {

    /** Every attribute {@code <source>} takes for some type; each type reads its own and refuses the rest. */
    private static final List<String> SOURCE_ATTRIBUTES = List.of("path", "append", "mode", "host", "service",
            "tls", "channel", "master", "slave");

    private CharSourceXml() {
    }

    /**
     * Reads the source of a character device element.
     *
     * @param c the device element
     * @param typeRequired whether the {@code type} attribute must be given (a serial without one is a pty)
     * @return the source
     */
    static CharSource read(XmlCursor c, boolean typeRequired) {
        return read(c, typeRequired, null);
    }

    /**
     * Reads the source of a character device element.
     *
     * @param c the device element
     * @param typeRequired whether the {@code type} attribute must be given
     * @param dbusChannel the channel a dbus source without one gets, or null to require one
     * @return the source
     */
    static CharSource read(XmlCursor c, boolean typeRequired, String dbusChannel) {
        String typeName = typeRequired ? c.requireAttr("type") : c.attr("type");
        CharSource.Type type = typeName == null ? CharSource.Type.PTY : type(c, typeName);
        List<XmlCursor> sources = c.children("source");
        if (sources.size() > (type == CharSource.Type.UDP ? 2 : 1)) {
            throw sources.get(1).error(Kind.DUPLICATE, type == CharSource.Type.UDP
                    ? "A udp character device has at most two <source> elements, one to bind and one to connect."
                    : "A character device has only one <source> element.");
        }
        XmlCursor src = sources.isEmpty() ? null : sources.getFirst();
        CharBackend.Protocol protocol = null;
        XmlCursor p = c.child("protocol");
        if (p != null) {
            protocol = p.enumAttr("type", CharBackend.Protocol.class);
            p.finish();
        }
        CharBackend backend = c.build(() -> backend(type, src, sources, dbusChannel));
        List<String> others = new ArrayList<>(SOURCE_ATTRIBUTES);
        others.removeAll(switch (type) {
            case NULL, VC, STDIO, SPICEVMC, QEMU_VDAGENT -> List.of();
            case PTY, DEV, PIPE -> List.of("path");
            case FILE -> List.of("path", "append");
            case UNIX -> List.of("mode", "path");
            case TCP -> List.of("mode", "host", "service", "tls");
            case UDP -> List.of("mode", "host", "service");
            case SPICEPORT, DBUS -> List.of("channel");
        });
        for (XmlCursor s : sources) {
            s.notApplicable("a character device of type '" + type.xml() + "'", others.toArray(String[]::new));
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
        CharSource.Log fl = log;
        CharBackend.Protocol fp = protocol;
        return c.build(() -> new CharSource(backend, fp, fl));
    }

    private static CharSource.Type type(XmlCursor c, String name) {
        if (name.equals("nmdm")) {
            throw c.error(Kind.UNSUPPORTED, "The character device type 'nmdm' is FreeBSD's null modem, which QEMU "
                    + "does not have; use pty or unix.");
        }
        CharSource.Type type = XmlEnum.fromXml(CharSource.Type.class, name);
        if (type == null) {
            throw c.invalid("type", name, "expected a character device type such as pty, unix, file, tcp, udp, "
                    + "spicevmc or qemu-vdagent");
        }
        return type;
    }

    private static CharBackend backend(CharSource.Type type, XmlCursor src, List<XmlCursor> sources,
                                       String dbusChannel) {
        return switch (type) {
            case NULL -> new CharBackend.Null();
            case VC -> new CharBackend.Vc();
            case STDIO -> new CharBackend.Stdio();
            case SPICEVMC -> new CharBackend.SpiceVmc();
            case PTY -> new CharBackend.Pty(attr(src, "path"));
            case DEV -> new CharBackend.Dev(attr(src, "path"));
            case PIPE -> new CharBackend.Pipe(attr(src, "path"));
            case FILE -> new CharBackend.File(attr(src, "path"), src == null ? null : src.onOffAttr("append"));
            case UNIX -> unix(src);
            case TCP -> tcp(src);
            case UDP -> udp(sources);
            case SPICEPORT -> new CharBackend.SpicePort(attr(src, "channel"));
            case DBUS -> new CharBackend.Dbus(attr(src, "channel") != null ? attr(src, "channel") : dbusChannel);
            case QEMU_VDAGENT -> vdagent(src);
        };
    }

    private static String attr(XmlCursor src, String name) {
        return src == null ? null : src.attr(name);
    }

    private static CharBackend.Unix unix(XmlCursor src) {
        if (src == null) {
            // libvirt makes the socket in the domain's directory and listens on it
            return new CharBackend.Unix(CharSource.Mode.BIND, null, null);
        }
        CharSource.Mode mode = src.enumAttr("mode", CharSource.Mode.class);
        String path = src.attr("path");
        CharBackend.Reconnect reconnect = reconnect(src);
        // without a path libvirt makes the socket itself and listens on it, whatever the mode says
        CharSource.Mode effective = path == null ? CharSource.Mode.BIND
                : mode == null ? CharSource.Mode.CONNECT : mode;
        return src.build(() -> new CharBackend.Unix(effective, path, reconnect));
    }

    private static CharBackend.Tcp tcp(XmlCursor src) {
        if (src == null) {
            return new CharBackend.Tcp(CharSource.Mode.CONNECT, null, null, null, null);
        }
        CharSource.Mode mode = src.enumAttr("mode", CharSource.Mode.class);
        String host = src.attr("host");
        String service = src.attr("service");
        Boolean tls = src.yesNoAttr("tls");
        CharBackend.Reconnect reconnect = reconnect(src);
        return src.build(() -> new CharBackend.Tcp(mode == null ? CharSource.Mode.CONNECT : mode, host, service, tls,
                reconnect));
    }

    private static CharBackend.Udp udp(List<XmlCursor> sources) {
        String[] bind = null;
        String[] connect = null;
        for (XmlCursor s : sources) {
            CharSource.Mode mode = s.enumAttr("mode", CharSource.Mode.class);
            String[] hostService = {s.attr("host"), s.attr("service")};
            if (mode == CharSource.Mode.BIND) {
                if (bind != null) {
                    throw s.error(Kind.DUPLICATE, "A udp character device has only one <source mode='bind'>.");
                }
                bind = hostService;
            } else {
                if (connect != null) {
                    throw s.error(Kind.DUPLICATE, "A udp character device has only one <source mode='connect'>.");
                }
                connect = hostService;
            }
        }
        String[] b = bind == null ? new String[2] : bind;
        String[] cn = connect == null ? new String[2] : connect;
        return new CharBackend.Udp(b[0], b[1], cn[0], cn[1]);
    }

    private static CharBackend.Reconnect reconnect(XmlCursor src) {
        XmlCursor r = src.child("reconnect");
        if (r == null) {
            return null;
        }
        Boolean enabled = r.yesNoAttr("enabled");
        Integer timeout = r.intAttr("timeout", Integer.MAX_VALUE);
        r.finish();
        if (enabled == null) {
            if (timeout != null) {
                throw r.error(Kind.MISSING_VALUE, "<reconnect> with a timeout needs enabled='yes'.");
            }
            return null;
        }
        return r.build(() -> new CharBackend.Reconnect(enabled, timeout));
    }

    private static CharBackend.QemuVdagent vdagent(XmlCursor src) {
        if (src == null) {
            return new CharBackend.QemuVdagent(null, null);
        }
        Boolean clipboard = null;
        XmlCursor cb = src.child("clipboard");
        if (cb != null) {
            cb.requireAttr("copypaste");
            clipboard = cb.yesNoAttr("copypaste");
            cb.finish();
        }
        CharBackend.MouseMode mouse = null;
        XmlCursor m = src.child("mouse");
        if (m != null) {
            mouse = m.requireEnumAttr("mode", CharBackend.MouseMode.class);
            m.finish();
        }
        return new CharBackend.QemuVdagent(clipboard, mouse);
    }

    /**
     * Starts a character device element with its {@code type} and adds the source children.
     *
     * @param element the element name
     * @param s the source
     * @return the element, for the caller to add its target and address
     */
    static XmlOut element(String element, CharSource s) {
        XmlOut x = XmlOut.element(element).attr("type", s.type());
        addSource(x, s);
        return x;
    }

    /**
     * Adds the {@code <source>}, {@code <protocol>} and {@code <log>} children of a source.
     *
     * @param x the device element
     * @param s the source
     */
    static void addSource(XmlOut x, CharSource s) {
        for (XmlOut child : sourceChildren(s.backend())) {
            x.child(child);
        }
        if (s.protocol() != null) {
            x.child(XmlOut.element("protocol").attr("type", s.protocol()));
        }
        if (s.log() != null) {
            x.child(XmlOut.element("log").attr("file", s.log().file()).onOff("append", s.log().append()));
        }
    }

    private static List<XmlOut> sourceChildren(CharBackend b) {
        List<XmlOut> out = new ArrayList<>();
        switch (b) {
            case CharBackend.Null n -> {
                // no source
            }
            case CharBackend.Vc v -> {
                // no source
            }
            case CharBackend.Stdio s -> {
                // no source
            }
            case CharBackend.SpiceVmc s -> {
                // no source
            }
            case CharBackend.Pty p -> {
                if (p.path() != null) {
                    out.add(XmlOut.element("source").attr("path", p.path()));
                }
            }
            case CharBackend.Dev d -> out.add(XmlOut.element("source").attr("path", d.path()));
            case CharBackend.Pipe p -> out.add(XmlOut.element("source").attr("path", p.path()));
            case CharBackend.File f -> out.add(XmlOut.element("source").attr("path", f.path())
                    .onOff("append", f.append()));
            // a socket without a path is one jvirt makes; libvirt writes no <source> for it, jvirt keeps the mode
            case CharBackend.Unix u -> out.add(XmlOut.element("source").attr("mode", u.mode()).attr("path", u.path())
                    .child(reconnect(u.reconnect())));
            case CharBackend.Tcp t -> out.add(XmlOut.element("source").attr("mode", t.mode()).attr("host", t.host())
                    .attr("service", t.service()).yesNo("tls", t.tls()).child(reconnect(t.reconnect())));
            case CharBackend.Udp u -> {
                if (u.bindHost() != null || u.bindService() != null) {
                    out.add(XmlOut.element("source").attr("mode", "bind").attr("host", u.bindHost())
                            .attr("service", u.bindService()));
                }
                out.add(XmlOut.element("source").attr("mode", "connect").attr("host", u.connectHost())
                        .attr("service", u.connectService()));
            }
            case CharBackend.SpicePort s -> out.add(XmlOut.element("source").attr("channel", s.channel()));
            case CharBackend.Dbus d -> out.add(XmlOut.element("source").attr("channel", d.channel()));
            case CharBackend.QemuVdagent q -> {
                if (q.clipboard() != null || q.mouse() != null) {
                    XmlOut src = XmlOut.element("source");
                    if (q.clipboard() != null) {
                        src.child(XmlOut.element("clipboard").yesNo("copypaste", q.clipboard()));
                    }
                    if (q.mouse() != null) {
                        src.child(XmlOut.element("mouse").attr("mode", q.mouse()));
                    }
                    out.add(src);
                }
            }
        }
        return out;
    }

    private static XmlOut reconnect(CharBackend.Reconnect r) {
        if (r == null) {
            return null;
        }
        return XmlOut.element("reconnect").yesNo("enabled", r.enabled()).attr("timeout", r.timeout());
    }
}
