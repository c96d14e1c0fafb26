package io.jvirt.cli.domain;

import io.jvirt.api.DomainDisplay;

/**
 * Formats displays the way virsh does ({@code virshGetOneDisplay} and {@code cmdVNCDisplay}):
 * a pure function, so the verbs' output is unit-tested.
 */
final class DisplayUris {

    private DisplayUris() {
    }

    /**
     * The connection URI of a display, such as {@code spice://127.0.0.1:5901?tls-port=5902} or
     * {@code vnc://:secret@127.0.0.1:1}; null when the display has nothing to connect to.
     *
     * @param d the display
     * @return the URI, or null
     */
    static String uri(DomainDisplay d) {
        if (d.type().equals("dbus")) {
            String a = d.address();
            return a != null && a.startsWith("unix:path=") ? "dbus+unix://" + a.substring("unix:path=".length()) : null;
        }
        if (!d.type().equals("vnc") && !d.type().equals("spice")) {
            return null;
        }
        if (d.port() == null && d.tlsPort() == null && d.socket() == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(d.type()).append(d.socket() != null ? "+unix://" : "://");
        if (d.type().equals("vnc") && d.password() != null) {
            sb.append(':').append(d.password()).append('@');
        }
        String host = host(d.listen());
        if (d.socket() != null) {
            sb.append(d.socket());
        } else if (host.contains(":")) {
            sb.append('[').append(host).append(']');
        } else {
            sb.append(host);
        }
        if (d.port() != null) {
            sb.append(':').append(d.type().equals("vnc") ? d.port() - 5900 : d.port());
        }
        StringBuilder params = new StringBuilder();
        if (d.tlsPort() != null) {
            params.append("tls-port=").append(d.tlsPort()).append('&');
        }
        if (d.type().equals("spice") && d.password() != null) {
            params.append("password=").append(d.password()).append('&');
        }
        if (!params.isEmpty()) {
            sb.append('?').append(params, 0, params.length() - 1);
        }
        return sb.toString();
    }

    /**
     * What {@code vncdisplay} prints: {@code :N} for a server on every address, else
     * {@code ADDRESS:N}, N being the port minus 5900.
     *
     * @param d a VNC display
     * @return the line, or null when the server has no TCP port
     */
    static String vncDisplay(DomainDisplay d) {
        if (d.port() == null) {
            return null;
        }
        String listen = d.listen();
        return (listen == null || listen.equals("0.0.0.0") ? "" : listen) + ":" + (d.port() - 5900);
    }

    /**
     * The host part of a URI: a wildcard address means "this host", which virsh spells as
     * the connection's server, and jvirt's connection is a local socket: localhost.
     */
    private static String host(String listen) {
        if (listen == null || listen.equals("0.0.0.0") || listen.equals("::") || listen.equals("[::]")) {
            return "localhost";
        }
        return listen;
    }
}
