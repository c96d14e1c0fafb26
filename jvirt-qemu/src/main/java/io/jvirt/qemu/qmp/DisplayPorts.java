package io.jvirt.qemu.qmp;

/**
 * Where QEMU's display servers listen, from {@code query-vnc-servers} and
 * {@code query-spice}; null for what does not listen on TCP (no such server, a unix socket,
 * nowhere).
 *
 * @param vncPort the VNC server's port
 * @param vncWebsocket the VNC WebSocket port
 * @param spicePort the SPICE server's plain port
 * @param spiceTlsPort the SPICE server's TLS port
 */
public record DisplayPorts(Integer vncPort, Integer vncWebsocket, Integer spicePort, Integer spiceTlsPort) {

    /** Nothing listens. */
    public static final DisplayPorts NONE = new DisplayPorts(null, null, null, null);
}
