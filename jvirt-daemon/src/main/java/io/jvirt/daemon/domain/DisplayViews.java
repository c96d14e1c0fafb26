package io.jvirt.daemon.domain;

import io.jvirt.api.DomainDisplay;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import java.util.ArrayList;
import java.util.List;

/** The displays of a live definition as the API shows them; a pure function. */
final class DisplayViews {

    private DisplayViews() {
    }

    /**
     * Returns the displays in definition order.
     *
     * @param live the live definition
     * @param secrets whether passwords are included
     * @return the displays
     */
    static List<DomainDisplay> of(DomainDef live, Secrets secrets) {
        List<DomainDisplay> out = new ArrayList<>();
        for (GraphicsDef g : live.devices().graphics()) {
            out.add(switch (g) {
                case GraphicsDef.Vnc v -> served(v.type(), v.listen(), positive(v.port()), null,
                        secrets.reveal(v.passwd()));
                case GraphicsDef.Spice s -> served(s.type(), s.listen(), positive(s.port()), positive(s.tlsPort()),
                        secrets.reveal(s.passwd()));
                case GraphicsDef.Dbus d -> new DomainDisplay(d.type(), null, null, null, null, d.busAddress(), null);
                case GraphicsDef.Sdl s -> new DomainDisplay(s.type(), null, null, null, null, null, null);
                case GraphicsDef.EglHeadless e -> new DomainDisplay(e.type(), null, null, null, null, null, null);
            });
        }
        return out;
    }

    private static DomainDisplay served(String type, GraphicsDef.Listen l, Integer port, Integer tlsPort,
                                        String password) {
        return switch (l.type()) {
            case ADDRESS, NETWORK -> new DomainDisplay(type, l.address(), port, tlsPort, null, null, password);
            case SOCKET -> new DomainDisplay(type, null, null, null, l.socket(), null, password);
            case NONE -> new DomainDisplay(type, null, null, null, null, null, password);
        };
    }

    private static Integer positive(Integer port) {
        return port == null || port <= 0 ? null : port;
    }
}
