package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.regex.Pattern;

/**
 * A {@code <graphics>} device, one variant per {@code type}. Only VNC exists so far; SPICE
 * would be another record here.
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
     * @param port the TCP port, 5900 to 65535, -1 for automatic, or null
     * @param autoport whether the port is chosen automatically, or null
     * @param listenAddress the {@code listen} attribute, or null
     * @param listen the {@code <listen>} element, or null
     * @param passwd the VNC password, at most 8 characters, or null for none
     * @param keymap the keyboard map such as {@code en-us}, or null
     */
    record Vnc(Integer port, Boolean autoport, String listenAddress, Listen listen, String passwd, String keymap)
            implements GraphicsDef {

        private static final Pattern ADDRESS = Pattern.compile("[0-9A-Za-z:.\\-\\[\\]]{1,255}");
        private static final Pattern KEYMAP = Pattern.compile("[a-z]{2}(-[a-z]{2,6})?");

        /** Validates the values. */
        public Vnc {
            if (port != null && port != -1 && (port < 5900 || port > 65535)) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "The VNC port " + port + " is out of range; it must be from 5900 to 65535, or -1.");
            }
            Checks.matches(listenAddress, ADDRESS, "The VNC listen address");
            Checks.matches(keymap, KEYMAP, "The VNC keymap");
            if (passwd != null && (passwd.length() > 8 || !passwd.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "The VNC password must be at most 8 printable ASCII characters.");
            }
            if (listen != null && listen.type() == Listen.Type.ADDRESS) {
                Checks.matches(listen.address(), ADDRESS, "The VNC listen address");
            }
            if (listenAddress != null && listen != null
                    && !(listen.type() == Listen.Type.ADDRESS && listenAddress.equals(listen.address()))) {
                throw new ConfException(Kind.CONFLICT, "The VNC listen attribute '" + listenAddress
                        + "' does not match its <listen> element.");
            }
        }

        @Override
        public String type() {
            return "vnc";
        }

        /** Returns the effective listen address, or null when none is given. */
        public String effectiveAddress() {
            if (listen != null && listen.type() == Listen.Type.ADDRESS && listen.address() != null) {
                return listen.address();
            }
            return listenAddress;
        }

        /** Returns whether QEMU should pick a free port. */
        public boolean isAutoport() {
            return Boolean.TRUE.equals(autoport) || port == null || port == -1;
        }
    }

    /**
     * A {@code <listen>} element.
     *
     * @param type where the server listens
     * @param address the IP address for type address, or null
     * @param socket the unix socket path for type socket, or null
     */
    record Listen(Type type, String address, String socket) {

        /** Validates the combination. */
        public Listen {
            Checks.required(type, "The listen type");
            Checks.path(socket, "The listen socket");
            if (address != null && type != Type.ADDRESS) {
                throw new ConfException(Kind.CONFLICT, "Only a <listen type='address'> has an address.");
            }
            if (socket != null && type != Type.SOCKET) {
                throw new ConfException(Kind.CONFLICT, "Only a <listen type='socket'> has a socket.");
            }
        }

        /** The {@code type} attribute of {@code <listen>}. */
        public enum Type implements XmlEnum {
            /** A TCP address. */
            ADDRESS("address"),
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
}
