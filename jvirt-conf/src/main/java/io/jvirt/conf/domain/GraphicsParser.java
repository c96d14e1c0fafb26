package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.List;

/** Reads {@code <graphics>} elements. */
final class GraphicsParser {

    private GraphicsParser() {
    }

    static GraphicsDef graphics(XmlCursor c) {
        String type = c.requireAttr("type");
        GraphicsDef g = switch (type) {
            case "vnc" -> vnc(c);
            default -> throw c.error(Kind.INVALID_VALUE,
                    "The graphics type '" + type + "' is not supported; use 'vnc'.");
        };
        c.finish();
        return g;
    }

    private static GraphicsDef.Vnc vnc(XmlCursor c) {
        Integer port = null;
        String portText = c.attr("port");
        if (portText != null) {
            if (portText.equals("-1")) {
                port = -1;
            } else {
                port = c.intAttr("port", 65535);
            }
        }
        Boolean autoport = c.yesNoAttr("autoport");
        String listenAddress = c.attr("listen");
        String passwd = c.attr("passwd");
        String keymap = c.attr("keymap");
        List<XmlCursor> listens = c.children("listen");
        if (listens.size() > 1) {
            throw listens.get(1).error(Kind.CONFLICT, "VNC supports only one <listen> element.");
        }
        GraphicsDef.Listen listen = null;
        if (!listens.isEmpty()) {
            XmlCursor l = listens.getFirst();
            GraphicsDef.Listen.Type lt = l.requireEnumAttr("type", GraphicsDef.Listen.Type.class);
            String address = l.attr("address");
            String socket = l.attr("socket");
            l.finish();
            listen = l.build(() -> new GraphicsDef.Listen(lt, address, socket));
        }
        Integer fp = port;
        GraphicsDef.Listen fl = listen;
        return c.build(() -> new GraphicsDef.Vnc(fp, autoport, listenAddress, fl, passwd, keymap));
    }
}
