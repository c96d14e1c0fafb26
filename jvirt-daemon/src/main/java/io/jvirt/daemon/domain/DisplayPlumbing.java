package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DeviceKind;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.qmp.DisplayPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a domain's displays need from the host around a start, as libvirt's
 * qemuProcessGraphicsSetup* and qemuProcessRefreshGraphics do:
 * <ul>
 *   <li>before QEMU starts ({@link #prepare}), the live definition gets what the argv needs:
 *       the listen address of a server that names none (127.0.0.1, libvirt's
 *       {@code vnc_listen}/{@code spice_listen}), the address of a listen network, the socket
 *       a socket listen without a path gets in the run directory, and for SPICE with
 *       {@code autoport} a free port, reserved so that two starts never pick the same one
 *       (QEMU picks VNC's own port, from 5900 up);</li>
 *   <li>once QEMU answers ({@link #withPorts}), the live definition shows the ports QEMU
 *       really listens on, from {@code query-vnc-servers} and {@code query-spice};</li>
 *   <li>when the domain stops ({@link #release}), its reservations go.</li>
 * </ul>
 */
final class DisplayPlumbing {

    /** Where servers listen when the definition names no address (libvirt's qemu.conf default). */
    static final String DEFAULT_LISTEN = "127.0.0.1";
    /** libvirt's {@code remote_display_port_min} and {@code _max}. */
    static final int FIRST_PORT = 5900;
    static final int LAST_PORT = 65535;

    /** Tells whether a TCP port can be bound on an address. */
    interface PortProbe {
        /** Returns whether nothing listens on {@code host:port}. */
        boolean isFree(String host, int port);

        /** Binds and closes a socket. */
        PortProbe SYSTEM = (host, port) -> {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
                return true;
            } catch (IOException inUse) {
                return false;
            }
        };
    }

    private final PortProbe probe;
    private volatile DisplayNetworks networks = DisplayNetworks.NONE;
    /** Ports reserved for SPICE servers, by domain name; guarded by itself. */
    private final Map<String, Set<Integer>> reserved = new HashMap<>();

    DisplayPlumbing(PortProbe probe) {
        this.probe = probe;
    }

    void setNetworks(DisplayNetworks addresses) {
        this.networks = addresses;
    }

    /**
     * Completes the displays of a definition about to start. Job lock held.
     *
     * @param domain the domain name
     * @param def the definition
     * @param runDir the run directory of this start
     * @return the definition to start; on failure nothing stays reserved
     */
    DomainDef prepare(String domain, DomainDef def, Path runDir) {
        List<GraphicsDef> out = new ArrayList<>();
        try {
            for (GraphicsDef g : def.devices().graphics()) {
                out.add(switch (g) {
                    case GraphicsDef.Vnc v -> new GraphicsDef.Vnc(v.port(), v.autoport(), v.websocket(),
                            v.sharePolicy(), v.powerControl(), v.keymap(), v.auth(),
                            listens(domain, "VNC", v.listens(), runDir.resolve("vnc.sock")), v.audioId());
                    case GraphicsDef.Spice s -> spice(domain, s, runDir);
                    case GraphicsDef.Sdl s -> s;
                    case GraphicsDef.EglHeadless e -> e;
                    case GraphicsDef.Dbus d -> d;
                });
            }
        } catch (RuntimeException e) {
            release(domain);
            throw e;
        }
        return out.equals(def.devices().graphics()) ? def
                : def.withDevices(def.devices().replacing(DeviceKind.GRAPHICS, out));
    }

    private GraphicsDef.Spice spice(String domain, GraphicsDef.Spice s, Path runDir) {
        List<GraphicsDef.Listen> listens = listens(domain, "SPICE", s.listens(), runDir.resolve("spice.sock"));
        GraphicsDef.Listen first = listens.getFirst();
        Integer port = s.port();
        Integer tlsPort = s.tlsPort();
        boolean tcp = first.type() == GraphicsDef.Listen.Type.ADDRESS
                || first.type() == GraphicsDef.Listen.Type.NETWORK;
        if (tcp && s.autoport()) {
            // autoport picks the plain port, and a TLS port only when one is asked for with -1
            port = reserve(domain, first.address(), "SPICE");
            tlsPort = Integer.valueOf(-1).equals(tlsPort) ? reserve(domain, first.address(), "SPICE TLS") : null;
        } else if (tcp && (Integer.valueOf(-1).equals(port) || Integer.valueOf(-1).equals(tlsPort))) {
            port = Integer.valueOf(-1).equals(port) ? reserve(domain, first.address(), "SPICE") : port;
            tlsPort = Integer.valueOf(-1).equals(tlsPort) ? reserve(domain, first.address(), "SPICE TLS") : tlsPort;
        }
        return new GraphicsDef.Spice(port, tlsPort, s.autoport(), s.keymap(), s.defaultMode(), s.auth(), listens,
                s.options());
    }

    private List<GraphicsDef.Listen> listens(String domain, String what, List<GraphicsDef.Listen> listens,
                                             Path socket) {
        List<GraphicsDef.Listen> out = new ArrayList<>();
        for (GraphicsDef.Listen l : listens) {
            out.add(switch (l.type()) {
                case ADDRESS -> l.address() != null ? l
                        : new GraphicsDef.Listen(GraphicsDef.Listen.Type.ADDRESS, DEFAULT_LISTEN, null, null);
                case NETWORK -> new GraphicsDef.Listen(GraphicsDef.Listen.Type.NETWORK,
                        networks.address(l.network(), "The " + what + " display of domain '" + domain + "'"),
                        l.network(), null);
                case SOCKET -> l.socket() != null ? l
                        : new GraphicsDef.Listen(GraphicsDef.Listen.Type.SOCKET, null, null, socket.toString());
                case NONE -> l;
            });
        }
        return out;
    }

    /** Reserves the first port from 5900 that no domain has reserved and nothing listens on. */
    private int reserve(String domain, String host, String what) {
        synchronized (reserved) {
            Set<Integer> taken = new HashSet<>();
            reserved.values().forEach(taken::addAll);
            for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
                if (!taken.contains(port) && probe.isFree(host, port)) {
                    reserved.computeIfAbsent(domain, k -> new HashSet<>()).add(port);
                    return port;
                }
            }
        }
        throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: no TCP port from "
                + FIRST_PORT + " to " + LAST_PORT + " is free on " + host + " for its " + what + " display.");
    }

    /**
     * Frees the ports reserved for a domain that has stopped (or failed to start).
     *
     * @param domain the domain name
     */
    void release(String domain) {
        synchronized (reserved) {
            reserved.remove(domain);
        }
    }

    /**
     * Returns the live definition with the ports QEMU reports; a pure function.
     *
     * @param live the live definition
     * @param ports what QEMU listens on
     * @return the definition the way libvirt's live XML shows it
     */
    static DomainDef withPorts(DomainDef live, DisplayPorts ports) {
        List<GraphicsDef> out = new ArrayList<>();
        for (GraphicsDef g : live.devices().graphics()) {
            out.add(switch (g) {
                case GraphicsDef.Vnc v -> ports.vncPort() == null ? v
                        : v.withPorts(ports.vncPort(), ports.vncWebsocket());
                case GraphicsDef.Spice s -> ports.spicePort() == null && ports.spiceTlsPort() == null ? s
                        : s.withPorts(ports.spicePort(), ports.spiceTlsPort());
                case GraphicsDef.Sdl s -> s;
                case GraphicsDef.EglHeadless e -> e;
                case GraphicsDef.Dbus d -> d;
            });
        }
        return out.equals(live.devices().graphics()) ? live
                : live.withDevices(live.devices().replacing(DeviceKind.GRAPHICS, out));
    }
}
