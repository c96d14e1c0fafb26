package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code <graphics>} elements as libvirt does: the legacy {@code listen} and
 * {@code socket} attributes become the first {@code <listen>}, and a server without any
 * {@code <listen>} gets one of type address; a spice server with no port and
 * {@code autoport='no'} listens nowhere ({@code <listen type='none'>}).
 */
final class GraphicsParser {

    private GraphicsParser() {
    }

    static GraphicsDef graphics(XmlCursor c) {
        String type = c.requireAttr("type");
        GraphicsDef g = switch (type) {
            case "vnc" -> vnc(c);
            case "spice" -> spice(c);
            case "sdl" -> sdl(c);
            case "egl-headless" -> eglHeadless(c);
            case "dbus" -> dbus(c);
            case "rdp", "desktop" -> throw c.error(Kind.UNSUPPORTED, "QEMU has no " + type
                    + " graphics (libvirt offers them for VirtualBox); use vnc or spice.");
            default -> throw c.invalid("type", type, "expected one of vnc, spice, sdl, egl-headless, dbus");
        };
        c.finish();
        return g;
    }

    private static GraphicsDef.Vnc vnc(XmlCursor c) {
        String portText = c.attr("port");
        Integer port = null;
        boolean autoport = true;
        if (portText != null && !portText.equals("-1")) {
            port = c.intAttr("port", 65535);
            autoport = false;
        }
        Boolean autoportAttr = c.yesNoAttr("autoport");
        if (autoportAttr != null) {
            autoport = autoportAttr;
        }
        String websocketText = c.attr("websocket");
        Integer websocket = websocketText == null ? null : websocketText.equals("-1") ? -1
                : c.intAttr("websocket", 65535);
        GraphicsDef.SharePolicy share = c.enumAttr("sharePolicy", GraphicsDef.SharePolicy.class);
        Boolean power = c.yesNoAttr("powerControl");
        String keymap = c.attr("keymap");
        GraphicsDef.Auth auth = auth(c);
        List<GraphicsDef.Listen> listens = listens(c, c.attr("socket"));
        Integer audio = audioId(c);
        Integer fp = port;
        boolean fa = autoport;
        return c.build(() -> new GraphicsDef.Vnc(fp, fa, websocket, share, power, keymap, auth, listens, audio));
    }

    private static GraphicsDef.Spice spice(XmlCursor c) {
        Integer port = signedPort(c, "port");
        Integer tlsPort = signedPort(c, "tlsPort");
        Boolean autoportAttr = c.yesNoAttr("autoport");
        boolean autoport = Boolean.TRUE.equals(autoportAttr)
                || Integer.valueOf(-1).equals(port) && Integer.valueOf(-1).equals(tlsPort);
        String keymap = c.attr("keymap");
        SpiceOptions.ChannelMode defaultMode = c.enumAttr("defaultMode", SpiceOptions.ChannelMode.class);
        GraphicsDef.Auth auth = auth(c);
        List<GraphicsDef.Listen> listens = listens(c, null);
        GraphicsDef.Listen first = listens.getFirst();
        if (first.type() == GraphicsDef.Listen.Type.ADDRESS && isUnset(port) && isUnset(tlsPort) && !autoport) {
            // no port and no autoport: libvirt's spelling of a server that listens nowhere
            listens.set(0, new GraphicsDef.Listen(GraphicsDef.Listen.Type.NONE, null, null, null));
        }
        SpiceOptions options = spiceOptions(c);
        return c.build(() -> new GraphicsDef.Spice(port, tlsPort, autoport, keymap, defaultMode, auth, listens,
                options));
    }

    private static boolean isUnset(Integer port) {
        return port == null || port == 0;
    }

    private static Integer signedPort(XmlCursor c, String attr) {
        String text = c.attr(attr);
        if (text == null) {
            return null;
        }
        return text.equals("-1") ? -1 : c.intAttr(attr, 65535);
    }

    private static SpiceOptions spiceOptions(XmlCursor c) {
        Map<SpiceOptions.Channel, SpiceOptions.ChannelMode> channels = new EnumMap<>(SpiceOptions.Channel.class);
        for (XmlCursor ch : c.children("channel")) {
            SpiceOptions.Channel name = ch.requireEnumAttr("name", SpiceOptions.Channel.class);
            SpiceOptions.ChannelMode mode = ch.requireEnumAttr("mode", SpiceOptions.ChannelMode.class);
            ch.finish();
            channels.put(name, mode);
        }
        SpiceOptions.ImageCompression image = childEnum(c, "image", "compression", SpiceOptions.ImageCompression.class);
        SpiceOptions.StreamCompression jpeg = childEnum(c, "jpeg", "compression",
                SpiceOptions.StreamCompression.class);
        SpiceOptions.StreamCompression zlib = childEnum(c, "zlib", "compression",
                SpiceOptions.StreamCompression.class);
        Boolean playback = null;
        XmlCursor pb = c.child("playback");
        if (pb != null) {
            pb.requireAttr("compression");
            playback = pb.onOffAttr("compression");
            pb.finish();
        }
        SpiceOptions.Streaming streaming = childEnum(c, "streaming", "mode", SpiceOptions.Streaming.class);
        CharBackend.MouseMode mouse = childEnum(c, "mouse", "mode", CharBackend.MouseMode.class);
        Boolean copypaste = childYesNo(c, "clipboard", "copypaste");
        Boolean filetransfer = childYesNo(c, "filetransfer", "enable");
        Boolean gl = null;
        String rendernode = null;
        XmlCursor g = c.child("gl");
        if (g != null) {
            g.requireAttr("enable");
            gl = g.yesNoAttr("enable");
            rendernode = g.attr("rendernode");
            g.finish();
        }
        Boolean fpb = playback;
        Boolean fgl = gl;
        String frn = rendernode;
        return c.build(() -> new SpiceOptions(channels, image, jpeg, zlib, fpb, streaming, mouse, copypaste,
                filetransfer, fgl, frn));
    }

    private static <E extends Enum<E> & io.jvirt.conf.xml.XmlEnum> E childEnum(XmlCursor c, String element,
                                                                              String attr, Class<E> type) {
        XmlCursor x = c.child(element);
        if (x == null) {
            return null;
        }
        E e = x.requireEnumAttr(attr, type);
        x.finish();
        return e;
    }

    private static Boolean childYesNo(XmlCursor c, String element, String attr) {
        XmlCursor x = c.child(element);
        if (x == null) {
            return null;
        }
        x.requireAttr(attr);
        Boolean b = x.yesNoAttr(attr);
        x.finish();
        return b;
    }

    private static GraphicsDef.Sdl sdl(XmlCursor c) {
        String display = c.attr("display");
        String xauth = c.attr("xauth");
        Boolean fullscreen = c.yesNoAttr("fullscreen");
        Boolean gl = childYesNo(c, "gl", "enable");
        return c.build(() -> new GraphicsDef.Sdl(display, xauth, Boolean.TRUE.equals(fullscreen), gl));
    }

    private static GraphicsDef.EglHeadless eglHeadless(XmlCursor c) {
        String rendernode = null;
        XmlCursor g = c.child("gl");
        if (g != null) {
            rendernode = g.attr("rendernode");
            g.finish();
        }
        String fr = rendernode;
        return c.build(() -> new GraphicsDef.EglHeadless(fr));
    }

    private static GraphicsDef.Dbus dbus(XmlCursor c) {
        Boolean p2p = c.yesNoAttr("p2p");
        String address = c.attr("address");
        Boolean gl = null;
        String rendernode = null;
        XmlCursor g = c.child("gl");
        if (g != null) {
            g.requireAttr("enable");
            gl = g.yesNoAttr("enable");
            rendernode = g.attr("rendernode");
            g.finish();
        }
        Integer audio = audioId(c);
        Boolean fgl = gl;
        String frn = rendernode;
        return c.build(() -> new GraphicsDef.Dbus(Boolean.TRUE.equals(p2p), address, fgl, frn, audio));
    }

    private static Integer audioId(XmlCursor c) {
        XmlCursor a = c.child("audio");
        if (a == null) {
            return null;
        }
        a.requireAttr("id");
        Integer id = a.intAttr("id", Integer.MAX_VALUE);
        a.finish();
        return id;
    }

    private static GraphicsDef.Auth auth(XmlCursor c) {
        String passwd = c.attr("passwd");
        String validTo = c.attr("passwdValidTo");
        GraphicsDef.Connected connected = c.enumAttr("connected", GraphicsDef.Connected.class);
        if (passwd == null && validTo == null && connected == null) {
            return null;
        }
        return c.build(() -> new GraphicsDef.Auth(passwd, validTo, connected));
    }

    /**
     * Reads the {@code <listen>} elements together with the legacy {@code listen} attribute
     * (and, for VNC, {@code socket}), as libvirt's virDomainGraphicsListensParseXML does.
     */
    private static List<GraphicsDef.Listen> listens(XmlCursor c, String socketAttr) {
        String listenAttr = c.attr("listen");
        if (listenAttr != null && listenAttr.isEmpty()) {
            listenAttr = null;
        }
        List<GraphicsDef.Listen> out = new ArrayList<>();
        List<XmlCursor> elements = c.children("listen");
        for (int i = 0; i < elements.size(); i++) {
            XmlCursor l = elements.get(i);
            GraphicsDef.Listen.Type type = l.requireEnumAttr("type", GraphicsDef.Listen.Type.class);
            String address = emptyToNull(l.attr("address"));
            String network = emptyToNull(l.attr("network"));
            String socket = emptyToNull(l.attr("socket"));
            // the status XML's bookkeeping of where a listen came from
            l.attr("autoGenerated");
            l.attr("fromConfig");
            l.finish();
            if (i == 0 && type == GraphicsDef.Listen.Type.ADDRESS && listenAttr != null) {
                if (address != null && !address.equals(listenAttr)) {
                    throw l.error(Kind.CONFLICT, "The graphics listen attribute '" + listenAttr
                            + "' must match the address '" + address + "' of the first <listen>.");
                }
                address = listenAttr;
            }
            if (i == 0 && type == GraphicsDef.Listen.Type.SOCKET && socketAttr != null) {
                if (socket != null && !socket.equals(socketAttr)) {
                    throw l.error(Kind.CONFLICT, "The graphics socket attribute '" + socketAttr
                            + "' must match the socket '" + socket + "' of the first <listen>.");
                }
                socket = socketAttr;
            }
            String fa = address;
            String fs = socket;
            out.add(l.build(() -> new GraphicsDef.Listen(type, fa, network, fs)));
        }
        GraphicsDef.Listen legacy = socketAttr != null
                ? new GraphicsDef.Listen(GraphicsDef.Listen.Type.SOCKET, null, null, socketAttr)
                : new GraphicsDef.Listen(GraphicsDef.Listen.Type.ADDRESS, listenAttr, null, null);
        if (out.isEmpty()) {
            out.add(c.build(() -> legacy));
        } else if (socketAttr != null && (out.getFirst().type() == GraphicsDef.Listen.Type.ADDRESS
                || out.getFirst().type() == GraphicsDef.Listen.Type.NETWORK)) {
            out.set(0, legacy);
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static XmlOut format(GraphicsDef g, Secrets secrets) {
        XmlOut x = XmlOut.element("graphics").attr("type", g.type());
        switch (g) {
            case GraphicsDef.Vnc v -> {
                GraphicsDef.Listen first = v.listen();
                switch (first.type()) {
                    case SOCKET -> x.attr("socket", first.socket());
                    case ADDRESS, NETWORK -> {
                        x.attr("port", v.port() != null ? v.port() : v.autoport() ? Integer.valueOf(-1) : null)
                                .yesNo("autoport", v.autoport()).attr("websocket", v.websocket())
                                .attr("listen", first.address());
                    }
                    case NONE -> {
                        // no port, no address
                    }
                }
                x.attr("keymap", v.keymap()).attr("sharePolicy", v.sharePolicy()).yesNo("powerControl", v.powerControl());
                auth(x, v.auth(), secrets);
                v.listens().forEach(l -> x.child(listen(l)));
                if (v.audioId() != null) {
                    x.child(XmlOut.element("audio").attr("id", v.audioId()));
                }
            }
            case GraphicsDef.Spice s -> {
                GraphicsDef.Listen first = s.listen();
                if (first.type() == GraphicsDef.Listen.Type.ADDRESS || first.type() == GraphicsDef.Listen.Type.NETWORK) {
                    x.attr("port", s.port()).attr("tlsPort", s.tlsPort()).yesNo("autoport", s.autoport())
                            .attr("listen", first.address());
                } else if (first.type() == GraphicsDef.Listen.Type.NONE) {
                    // libvirt's older spelling of listening nowhere, which reads back the same
                    x.yesNo("autoport", false);
                }
                x.attr("keymap", s.keymap()).attr("defaultMode", s.defaultMode());
                auth(x, s.auth(), secrets);
                s.listens().forEach(l -> x.child(listen(l)));
                spiceOptions(x, s.options());
            }
            case GraphicsDef.Sdl s -> {
                x.attr("display", s.display()).attr("xauth", s.xauth()).attr("fullscreen", s.fullscreen() ? "yes" : null);
                if (s.gl() != null) {
                    x.child(XmlOut.element("gl").yesNo("enable", s.gl()));
                }
            }
            case GraphicsDef.EglHeadless e -> {
                if (e.rendernode() != null) {
                    x.child(XmlOut.element("gl").attr("rendernode", e.rendernode()));
                }
            }
            case GraphicsDef.Dbus d -> {
                x.attr("p2p", d.p2p() ? "yes" : null).attr("address", d.busAddress());
                if (d.gl() != null) {
                    x.child(XmlOut.element("gl").yesNo("enable", d.gl()).attr("rendernode", d.rendernode()));
                }
                if (d.audioId() != null) {
                    x.child(XmlOut.element("audio").attr("id", d.audioId()));
                }
            }
        }
        return x;
    }

    /** The password attributes; the password itself only when secrets are asked for (libvirt's secure flag). */
    private static void auth(XmlOut x, GraphicsDef.Auth auth, Secrets secrets) {
        if (auth != null) {
            x.attr("passwd", secrets.reveal(auth.passwd())).attr("passwdValidTo", auth.validTo())
                    .attr("connected", auth.connected());
        }
    }

    private static XmlOut listen(GraphicsDef.Listen l) {
        return XmlOut.element("listen").attr("type", l.type()).attr("address", l.address())
                .attr("network", l.network()).attr("socket", l.socket());
    }

    private static void spiceOptions(XmlOut x, SpiceOptions o) {
        o.channels().forEach((name, mode) -> x.child(XmlOut.element("channel").attr("name", name).attr("mode", mode)));
        if (o.image() != null) {
            x.child(XmlOut.element("image").attr("compression", o.image()));
        }
        if (o.jpeg() != null) {
            x.child(XmlOut.element("jpeg").attr("compression", o.jpeg()));
        }
        if (o.zlib() != null) {
            x.child(XmlOut.element("zlib").attr("compression", o.zlib()));
        }
        if (o.playback() != null) {
            x.child(XmlOut.element("playback").onOff("compression", o.playback()));
        }
        if (o.streaming() != null) {
            x.child(XmlOut.element("streaming").attr("mode", o.streaming()));
        }
        if (o.mouse() != null) {
            x.child(XmlOut.element("mouse").attr("mode", o.mouse()));
        }
        if (o.copypaste() != null) {
            x.child(XmlOut.element("clipboard").yesNo("copypaste", o.copypaste()));
        }
        if (o.filetransfer() != null) {
            x.child(XmlOut.element("filetransfer").yesNo("enable", o.filetransfer()));
        }
        if (o.gl() != null) {
            x.child(XmlOut.element("gl").yesNo("enable", o.gl()).attr("rendernode", o.rendernode()));
        }
    }
}
