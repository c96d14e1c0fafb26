package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code <graphics>} device, one record per {@code type} QEMU 7.2 has: vnc, spice, sdl,
 * egl-headless and dbus (libvirt's rdp and desktop are other hypervisors'). Parsing fills in
 * what libvirt does: VNC and SPICE always have at least one {@link Listen}.
 */
public sealed interface GraphicsDef extends DeviceDef {

    /** Returns null: a display server is not on a guest bus. */
    @Override
    default Address address() {
        return null;
    }

    /** Returns the {@code type} attribute value. */
    String type();

    /**
     * {@code <graphics type='vnc'>}.
     *
     * @param port the TCP port (5900 and up), or null when QEMU picks one ({@code port='-1'}) or
     *     none is given; a running domain's definition shows the port QEMU listens on
     * @param autoport whether QEMU picks the port
     * @param websocket the WebSocket port, -1 for automatic, or null for none
     * @param sharePolicy how clients share the display, or null for QEMU's default
     * @param powerControl whether clients may power the guest off and reset it, or null
     * @param keymap the keyboard map such as {@code en-us}, or null
     * @param auth the password, or null
     * @param listens where the server listens, at least one
     * @param audioId the {@code <audio id>} whose sound VNC clients receive, or null
     */
    record Vnc(Integer port, boolean autoport, Integer websocket, SharePolicy sharePolicy, Boolean powerControl,
               String keymap, Auth auth, List<Listen> listens, Integer audioId) implements GraphicsDef {

        /** Validates the values. */
        public Vnc {
            if (port != null && (port < 5900 || port > 65535)) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "The VNC port " + port + " is out of range; it must be from 5900 to 65535, or -1.");
            }
            if (websocket != null && websocket != -1) {
                Checks.range(websocket, 1, 65535, "The VNC websocket port");
            }
            Checks.matches(keymap, KEYMAP, "The VNC keymap");
            if (auth != null && auth.passwd() != null && auth.passwd().length() > 8) {
                throw new ConfException(Kind.INVALID_VALUE, "The VNC password is " + auth.passwd().length()
                        + " characters long; VNC permits at most 8.");
            }
            if (auth != null && auth.connected() != null && auth.connected() != Connected.KEEP) {
                throw new ConfException(Kind.INVALID_VALUE, "VNC supports only connected='keep'.");
            }
            listens = checkListens(listens, "VNC");
            Checks.range(audioId, 1, Integer.MAX_VALUE, "The VNC audio id");
        }

        @Override
        public String type() {
            return "vnc";
        }

        /** Returns the password, or null for none. */
        public String passwd() {
            return auth == null ? null : auth.passwd();
        }

        /** Returns the first listen, where QEMU listens. */
        public Listen listen() {
            return listens.getFirst();
        }

        /**
         * Returns a copy showing the port QEMU listens on, as a running domain's definition does.
         *
         * @param newPort the port
         * @param newWebsocket the websocket port, or null to keep the one given
         * @return the copy
         */
        public Vnc withPorts(Integer newPort, Integer newWebsocket) {
            return new Vnc(newPort, autoport, newWebsocket == null ? websocket : newWebsocket, sharePolicy,
                    powerControl, keymap, auth, listens, audioId);
        }
    }

    /**
     * {@code <graphics type='spice'>}.
     *
     * @param port the plain TCP port, -1 when QEMU picks it, or null for none
     * @param tlsPort the TLS port, -1 when QEMU picks it, or null for none
     * @param autoport whether free ports are picked
     * @param keymap the keyboard map, or null
     * @param defaultMode the security mode of channels not named in the options, or null (any)
     * @param auth the password, or null
     * @param listens where the server listens, at least one
     * @param options the spice settings
     */
    record Spice(Integer port, Integer tlsPort, boolean autoport, String keymap, SpiceOptions.ChannelMode defaultMode,
                 Auth auth, List<Listen> listens, SpiceOptions options) implements GraphicsDef {

        /** Validates the values. */
        public Spice {
            if (port != null && port != -1) {
                Checks.range(port, 1, 65535, "The spice port");
            }
            if (tlsPort != null && tlsPort != -1) {
                Checks.range(tlsPort, 1, 65535, "The spice TLS port");
            }
            Checks.matches(keymap, KEYMAP, "The spice keymap");
            listens = checkListens(listens, "spice");
            if (defaultMode == SpiceOptions.ChannelMode.ANY) {
                defaultMode = null;
            }
            Checks.required(options, "The spice options");
        }

        @Override
        public String type() {
            return "spice";
        }

        /** Returns the password, or null for none. */
        public String passwd() {
            return auth == null ? null : auth.passwd();
        }

        /** Returns the first listen, where QEMU listens. */
        public Listen listen() {
            return listens.getFirst();
        }

        /**
         * Returns a copy showing the ports QEMU listens on, as a running domain's definition does.
         *
         * @param newPort the plain port, or null
         * @param newTlsPort the TLS port, or null
         * @return the copy
         */
        public Spice withPorts(Integer newPort, Integer newTlsPort) {
            return new Spice(newPort, newTlsPort, autoport, keymap, defaultMode, auth, listens, options);
        }
    }

    /**
     * {@code <graphics type='sdl'>}: a window on the host's X display.
     *
     * @param display the X display, or null for QEMU's environment
     * @param xauth the X authority file, or null
     * @param fullscreen whether the window is full screen
     * @param gl {@code <gl enable>}, or null
     */
    record Sdl(String display, String xauth, boolean fullscreen, Boolean gl) implements GraphicsDef {
        /** Validates the values. */
        public Sdl {
            Checks.noControl(display, "The SDL display");
            Checks.path(xauth, "The SDL xauth file");
        }

        @Override
        public String type() {
            return "sdl";
        }
    }

    /**
     * {@code <graphics type='egl-headless'>}: OpenGL rendering on the host for another display.
     *
     * @param rendernode the {@code <gl rendernode>}, or null for QEMU's choice
     */
    record EglHeadless(String rendernode) implements GraphicsDef {
        /** Validates the path. */
        public EglHeadless {
            Checks.path(rendernode, "The egl-headless render node");
        }

        @Override
        public String type() {
            return "egl-headless";
        }
    }

    /**
     * {@code <graphics type='dbus'>}: QEMU's D-Bus display.
     *
     * @param p2p whether clients connect peer to peer instead of over a bus
     * @param busAddress the D-Bus address ({@code address} attribute), or null
     * @param gl {@code <gl enable>}, or null
     * @param rendernode the {@code <gl rendernode>}, or null
     * @param audioId the {@code <audio id>} of a dbus audio back end, or null
     */
    record Dbus(boolean p2p, String busAddress, Boolean gl, String rendernode, Integer audioId) implements GraphicsDef {
        /** Validates the values. */
        public Dbus {
            if (p2p && busAddress != null) {
                throw new ConfException(Kind.CONFLICT, "A D-Bus display in p2p mode has no address; remove one.");
            }
            Checks.noControl(busAddress, "The D-Bus address");
            Checks.path(rendernode, "The D-Bus render node");
            Checks.range(audioId, 1, Integer.MAX_VALUE, "The D-Bus audio id");
        }

        @Override
        public String type() {
            return "dbus";
        }
    }

    /**
     * The password attributes of VNC and SPICE.
     *
     * @param passwd the password, or null
     * @param validTo when the password expires, {@code YYYY-MM-DDTHH:MM:SS} in UTC, or null
     * @param connected what happens to connected clients when the password changes, or null
     */
    record Auth(String passwd, String validTo, Connected connected) {
        private static final Pattern VALID_TO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");

        /** Validates the values. */
        public Auth {
            if (passwd == null && (validTo != null || connected != null)) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "passwdValidTo and connected apply to a password; give passwd too.");
            }
            if (passwd != null && !passwd.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new ConfException(Kind.INVALID_VALUE, "A graphics password must be printable ASCII characters.");
            }
            if (validTo != null && !VALID_TO.matcher(validTo).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The password validity time '" + Checks.printable(validTo)
                        + "' is not valid; write it as YYYY-MM-DDTHH:MM:SS (UTC).");
            }
        }
    }

    /**
     * A {@code <listen>} element.
     *
     * @param type where the server listens
     * @param address the IP address for type address (or the resolved one of a network in a
     *     running domain), or null
     * @param network the libvirt network whose address to listen on, for type network
     * @param socket the unix socket path for type socket, or null for one in the run directory
     */
    record Listen(Type type, String address, String network, String socket) {

        /** Validates the combination. */
        public Listen {
            Checks.required(type, "The listen type");
            Checks.path(socket, "The listen socket");
            Checks.matches(address, ADDRESS, "The listen address");
            if (address != null && type != Type.ADDRESS && type != Type.NETWORK) {
                throw new ConfException(Kind.CONFLICT, "Only a <listen type='address'> has an address.");
            }
            if (network != null && type != Type.NETWORK) {
                throw new ConfException(Kind.CONFLICT, "'network' is valid only for <listen type='network'>.");
            }
            if (network == null && type == Type.NETWORK) {
                throw new ConfException(Kind.MISSING_VALUE, "<listen type='network'> needs a 'network' attribute.");
            }
            if (socket != null && type != Type.SOCKET) {
                throw new ConfException(Kind.CONFLICT, "'socket' is valid only for <listen type='socket'>.");
            }
        }

        /** The {@code type} attribute of {@code <listen>}. */
        public enum Type implements XmlEnum {
            /** A TCP address. */
            ADDRESS("address"),
            /** The address of a libvirt network. */
            NETWORK("network"),
            /** A unix socket. */
            SOCKET("socket"),
            /** Nowhere; reachable only through the management API. */
            NONE("none");

            private final String xml;

            Type(String xml) {
                this.xml = xml;
            }

            @Override
            public String xml() {
                return xml;
            }
        }
    }

    /** The {@code sharePolicy} of VNC. */
    enum SharePolicy implements XmlEnum {
        /** A client may ask for exclusive access. */
        ALLOW_EXCLUSIVE("allow-exclusive"),
        /** Every client shares the display. */
        FORCE_SHARED("force-shared"),
        /** The client's share flag is ignored. */
        IGNORE("ignore");

        private final String xml;

        SharePolicy(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code connected} attribute: what a password change does to connected clients. */
    enum Connected implements XmlEnum {
        /** The change fails while clients are connected. */
        FAIL("fail"),
        /** Connected clients are disconnected. */
        DISCONNECT("disconnect"),
        /** Connected clients stay. */
        KEEP("keep");

        private final String xml;

        Connected(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** A keyboard map name such as {@code en-us} or {@code de-ch}. */
    Pattern KEYMAP = Pattern.compile("[a-z]{2}(-[a-z]{2,6})?");

    /** A listen address: an IP literal or a host name. */
    Pattern ADDRESS = Pattern.compile("[0-9A-Za-z:.\\-\\[\\]%]{1,255}");

    private static List<Listen> checkListens(List<Listen> listens, String what) {
        List<Listen> l = Checks.list(listens);
        if (l.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "A " + what + " display needs at least one <listen>.");
        }
        return l;
    }
}
