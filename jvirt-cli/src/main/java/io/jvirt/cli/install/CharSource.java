package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.Set;

/**
 * The host side of a character device option ({@code --serial}, {@code --console},
 * {@code --channel}) in virt-install's forms: {@code path=}, {@code mode=}, {@code host=HOST:PORT}
 * (the listening address with {@code mode=bind}, else the one connected to), {@code bind_host=},
 * {@code protocol.type=telnet|raw}, the {@code source.*} spellings, and a qemu-vdagent's
 * {@code source.clipboard.copypaste=} and {@code source.mouse.mode=}.
 */
final class CharSource {
    /** The character device types jvirt install writes. */
    static final Set<String> TYPES = Set.of("pty", "file", "unix", "tcp", "udp", "null", "stdio", "vc", "dev", "pipe",
            "spicevmc", "spiceport", "qemu-vdagent");

    private CharSource() {
    }

    /**
     * Reads the source sub-options and adds {@code <source>} and {@code <protocol>} to {@code x}.
     *
     * @param o the option's sub-options
     * @param p where problems go
     * @param x the device element
     * @param defaultMode the mode when none is given (a unix channel's source is always written and binds), or null
     */
    static void read(SubOptions o, Problems p, XmlOut x, String defaultMode) {
        String path = o.get("path", "source.path");
        String mode = o.oneOf(p, Set.of("bind", "connect"), "mode", "source.mode");
        String friendlyHost = o.get("host");
        String bindHost = o.get("bind_host", "source.bind_host");
        String host = o.get("source.host");
        String service = o.get("source.service");
        String bindService = o.get("source.bind_service");
        if (friendlyHost != null) {
            // virt-install's host=: the listening address with mode=bind, else the one connected to; the same
            // attributes either way
            String[] hp = hostPort(friendlyHost);
            host = hp[0];
            service = hp[1];
        }
        String channel = o.get("source.channel");
        Boolean copyPaste = o.bool(p, "source.clipboard.copypaste");
        String mouse = o.oneOf(p, Set.of("client", "server"), "source.mouse.mode");
        XmlOut src = XmlOut.element("source").attr("mode", mode).attr("host", host).attr("service", service)
                .attr("path", path).attr("channel", channel);
        if (copyPaste != null) {
            src.child(XmlOut.element("clipboard").yesNo("copypaste", copyPaste));
        }
        if (mouse != null) {
            src.child(XmlOut.element("mouse").attr("mode", mouse));
        }
        if (mode == null && defaultMode != null) {
            src.attr("mode", defaultMode);
        }
        x.child(src.isEmpty() ? null : src);
        if (bindHost != null || bindService != null) {
            x.child(XmlOut.element("source").attr("mode", "bind").attr("host", bindHost).attr("service", bindService));
        }
        String protocol = o.oneOf(p, Set.of("raw", "telnet", "telnets", "tls"), "protocol.type", "protocol");
        if (protocol != null) {
            x.child(XmlOut.element("protocol").attr("type", protocol));
        }
    }

    /** Splits {@code HOST:PORT} ({@code [v6]:PORT} too); the port is null without a colon. */
    private static String[] hostPort(String s) {
        if (s.startsWith("[") && s.contains("]")) {
            int end = s.indexOf(']');
            String port = s.length() > end + 2 && s.charAt(end + 1) == ':' ? s.substring(end + 2) : null;
            return new String[] {s.substring(1, end), port};
        }
        int colon = s.lastIndexOf(':');
        return colon < 0 ? new String[] {s, null} : new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }
}
