package io.jvirt.cli.support;

import io.jvirt.daemon.DaemonConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where a command that talks to jvirtd connects: its {@code -c/--connect} option, else
 * $JVIRT_SOCKET, else $LIBVIRT_DEFAULT_URI, else the default socket. The option and
 * $LIBVIRT_DEFAULT_URI take a socket path or one of libvirt's local QEMU URIs, as virsh's
 * {@code -c} does: {@code qemu:///system} and {@code qemu:///session} (also {@code
 * qemu+unix://}) mean the default jvirtd, {@code ?socket=PATH} a given one; a URI of another
 * host or driver is refused with a sentence, since jvirt serves only this host's jvirtd.
 */
public final class ConnectionOptions {
    private final String given;

    /** The options for {@code -c/--connect} as given (a path or a URI), null when none was. */
    public ConnectionOptions(String given) {
        this.given = given;
    }

    /** The options for a socket path, null when none was named. */
    public ConnectionOptions(Path socket) {
        this(socket == null ? null : socket.toString());
    }

    /** The socket to connect to. */
    public Path socket() {
        Path p = explicit();
        return p != null ? p : DaemonConfig.defaultSocket();
    }

    /** True when nothing names a socket other than the default: the CLI may start a daemon itself. */
    public boolean isDefault() {
        return explicit() == null;
    }

    /** The socket named by the option or the environment, or null for the default. */
    private Path explicit() {
        if (given != null) {
            return parse(given, "-c/--connect");
        }
        String env = System.getenv("JVIRT_SOCKET");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String uri = System.getenv("LIBVIRT_DEFAULT_URI");
        return uri != null && !uri.isBlank() ? parse(uri.strip(), "$LIBVIRT_DEFAULT_URI") : null;
    }

    /**
     * A socket path, or a libvirt URI: null for the default daemon.
     *
     * @param where where the value comes from, for the error ("-c/--connect")
     * @throws IllegalArgumentException for a URI of another host or driver
     */
    public static Path parse(String value, String where) {
        if (!value.contains("://")) {
            return Path.of(value);
        }
        URI u;
        try {
            u = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The connection URI '" + value + "' (" + where + ") is not a valid URI: "
                    + e.getReason() + ".");
        }
        boolean local = ("qemu".equals(u.getScheme()) || "qemu+unix".equals(u.getScheme()))
                && (u.getHost() == null || u.getHost().isEmpty())
                && ("/system".equals(u.getPath()) || "/session".equals(u.getPath()));
        if (!local) {
            throw new IllegalArgumentException("The connection URI '" + value + "' (" + where + ") names another host "
                    + "or another hypervisor driver; jvirt connects to the jvirtd of this host: give "
                    + "qemu:///system (the default daemon) or the path of its socket.");
        }
        String query = u.getQuery();
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("socket=") && part.length() > "socket=".length()) {
                    return Path.of(part.substring("socket=".length()));
                }
            }
        }
        return null;
    }
}
