package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.SpiceOptions;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;
import java.util.Map;

/**
 * Renders the displays as libvirt's qemuBuildGraphics*CommandLine does for QEMU 7.2. Without
 * graphics the guest gets {@code -display none}. Passwords are never on the command line:
 * the argv asks for one ({@code password=on} for VNC; spice without {@code disable-ticketing})
 * and the daemon sets it over QMP ({@link StartupCommands}).
 *
 * <p>Ports: a VNC server with {@code autoport} lets QEMU pick a free display from 5900 up
 * ({@code to=}); a SPICE server cannot pick its own, so the daemon puts the ports it reserved
 * into the live definition before the argv is built. The daemon reads both back with
 * {@code query-vnc} and {@code query-spice}.
 */
final class GraphicsArgs {

    /** Last VNC display QEMU may try for an automatic port (5900 + 100). */
    static final int AUTOPORT_LAST_DISPLAY = 100;

    /** Where SPICE's TLS certificates are, libvirt's default ({@code spice_tls_x509_cert_dir}). */
    static final String SPICE_TLS_DIR = "/etc/pki/libvirt-spice";

    private GraphicsArgs() {
    }

    static void add(List<String> argv, Devices devs, LaunchContext ctx) {
        if (devs.graphics().isEmpty()) {
            argv.add("-display");
            argv.add("none");
            return;
        }
        for (GraphicsDef g : devs.graphics()) {
            switch (g) {
                case GraphicsDef.Vnc v -> vnc(argv, v, devs, ctx);
                case GraphicsDef.Spice s -> spice(argv, s, ctx);
                case GraphicsDef.Sdl s -> {
                    if (s.fullscreen()) {
                        argv.add("-full-screen");
                    }
                    argv.add("-display");
                    argv.add(Opts.of("sdl").onOff("gl", s.gl()).toString());
                }
                case GraphicsDef.EglHeadless e -> {
                    argv.add("-display");
                    argv.add(Opts.of("egl-headless").add("rendernode", e.rendernode()).toString());
                }
                case GraphicsDef.Dbus d -> {
                    Opts o = Opts.of("dbus");
                    if (d.p2p()) {
                        o.add("p2p", "on");
                    } else {
                        o.add("addr", d.busAddress());
                    }
                    o.onOff("gl", d.gl()).add("rendernode", d.rendernode());
                    if (d.audioId() != null) {
                        o.add("audiodev", AudioArgs.audiodev(devs, d.audioId()));
                    }
                    argv.add("-display");
                    argv.add(o.toString());
                }
            }
        }
    }

    private static void vnc(List<String> argv, GraphicsDef.Vnc v, Devices devs, LaunchContext ctx) {
        GraphicsDef.Listen listen = v.listen();
        Opts o = switch (listen.type()) {
            case NONE -> Opts.of("none");
            case SOCKET -> Opts.of("vnc=unix:" + (listen.socket() != null ? listen.socket()
                    : ctx.runDir().resolve("vnc.sock").toString()));
            case ADDRESS, NETWORK -> {
                String host = host(listen, "VNC");
                Opts hp = v.autoport() ? Opts.of(host + ":0").add("to", AUTOPORT_LAST_DISPLAY)
                        : Opts.of(host + ":" + (v.port() - 5900));
                if (v.websocket() != null && v.websocket() != -1) {
                    hp.add("websocket", v.websocket());
                } else if (v.websocket() != null) {
                    // QEMU then listens for WebSockets on 5700 + the display number
                    hp.add("websocket", "on");
                }
                yield hp;
            }
        };
        if (v.sharePolicy() != null) {
            o.add("share", v.sharePolicy().xml());
        }
        if (v.passwd() != null) {
            o.add("password", "on");
        }
        o.onOff("power-control", v.powerControl());
        o.add("audiodev", AudioArgs.audiodev(devs, v.audioId()));
        argv.add("-vnc");
        argv.add(o.toString());
        if (v.keymap() != null) {
            argv.add("-k");
            argv.add(v.keymap());
        }
    }

    private static String host(GraphicsDef.Listen listen, String what) {
        if (listen.type() == GraphicsDef.Listen.Type.NETWORK && listen.address() == null) {
            throw new ArgvException(Kind.CONFLICT, "The " + what + " display listens on the network '"
                    + listen.network() + "', whose address the daemon fills in when it starts the domain.");
        }
        String host = listen.address() == null ? "127.0.0.1" : listen.address();
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void spice(List<String> argv, GraphicsDef.Spice s, LaunchContext ctx) {
        GraphicsDef.Listen listen = s.listen();
        Opts o = Opts.empty();
        boolean secure = false;
        boolean insecure = false;
        switch (listen.type()) {
            case SOCKET -> {
                o = Opts.of("unix").add("addr", listen.socket() != null ? listen.socket()
                        : ctx.runDir().resolve("spice.sock").toString());
                insecure = true;
            }
            case ADDRESS, NETWORK -> {
                Integer port = s.port() != null && s.port() > 0 ? s.port() : null;
                Integer tlsPort = s.tlsPort() != null && s.tlsPort() > 0 ? s.tlsPort() : null;
                if (s.autoport() && port == null && tlsPort == null) {
                    throw new ArgvException(Kind.CONFLICT, "The spice display has autoport='yes' but no port: the "
                            + "daemon reserves its port when it starts the domain.");
                }
                o.add("port", port).add("tls-port", tlsPort);
                if (port != null || tlsPort != null) {
                    o.add("addr", host(listen, "spice").replace("[", "").replace("]", ""));
                }
                insecure = port != null;
                secure = tlsPort != null;
            }
            case NONE -> {
                // QEMU wants a port or tls-port when nothing else is given: 0 listens nowhere
                o.add("port", 0);
                insecure = true;
            }
        }
        SpiceOptions opt = s.options();
        if (opt.mouse() != null) {
            o.add("agent-mouse", switch (opt.mouse()) {
                case SERVER -> "off";
                case CLIENT -> "on";
            });
        }
        if (s.passwd() == null) {
            o.add("disable-ticketing", "on");
        }
        if (secure) {
            o.add("x509-dir", SPICE_TLS_DIR);
        }
        if (s.defaultMode() != null) {
            o.add(channelMode(s.defaultMode(), secure, insecure), "default");
        }
        for (Map.Entry<SpiceOptions.Channel, SpiceOptions.ChannelMode> e : opt.channels().entrySet()) {
            o.add(channelMode(e.getValue(), secure, insecure), e.getKey().xml());
        }
        o.add("image-compression", opt.image() == null ? null : opt.image().xml())
                .add("jpeg-wan-compression", opt.jpeg() == null ? null : opt.jpeg().xml())
                .add("zlib-glz-wan-compression", opt.zlib() == null ? null : opt.zlib().xml())
                .onOff("playback-compression", opt.playback())
                .add("streaming-video", opt.streaming() == null ? null : opt.streaming().xml());
        if (Boolean.FALSE.equals(opt.copypaste())) {
            o.add("disable-copy-paste", "on");
        }
        if (Boolean.FALSE.equals(opt.filetransfer())) {
            o.add("disable-agent-file-xfer", "on");
        }
        if (Boolean.TRUE.equals(opt.gl())) {
            o.add("gl", "on").add("rendernode", opt.rendernode());
        }
        o.add("seamless-migration", "on");
        argv.add("-spice");
        argv.add(o.toString());
        if (s.keymap() != null) {
            argv.add("-k");
            argv.add(s.keymap());
        }
    }

    private static String channelMode(SpiceOptions.ChannelMode mode, boolean secure, boolean insecure) {
        return switch (mode) {
            case SECURE -> {
                if (!secure) {
                    throw new ArgvException(Kind.CONFLICT, "A spice channel is set to secure, but the display has no "
                            + "TLS port; add tlsPort.");
                }
                yield "tls-channel";
            }
            case INSECURE -> {
                if (!insecure) {
                    throw new ArgvException(Kind.CONFLICT, "A spice channel is set to insecure, but the display has "
                            + "no plain port; add port.");
                }
                yield "plaintext-channel";
            }
            case ANY -> throw new IllegalStateException("mode any is never kept");
        };
    }
}
