package io.jvirt.api;

/**
 * One graphical display of a running domain, as {@code domdisplay} and {@code vncdisplay}
 * need it: what the live definition says of where its server listens.
 *
 * @param type the graphics type: vnc, spice, sdl, egl-headless or dbus
 * @param listen the address the server listens on (the first {@code <listen>}), or null
 * @param port the TCP port (VNC: 5900 and up), or null
 * @param tlsPort the TLS port of SPICE, or null
 * @param socket the unix socket the server listens on, or null
 * @param address the D-Bus address of a dbus display, or null
 * @param password the password, only when the client asked for it ({@code --include-password}), else null
 */
public record DomainDisplay(String type, String listen, Integer port, Integer tlsPort, String socket, String address,
                            String password) {
}
