package io.jvirt.cli.support;

import java.nio.file.Path;

/** Where a command that talks to jvirtd connects: its {@code -c/--connect} option, else the environment. */
public final class ConnectionOptions {
    private final Path socket;

    /** The options for {@code socket}, null when none was named. */
    public ConnectionOptions(Path socket) {
        this.socket = socket;
    }

    /** The socket named on the command line, else $JVIRT_SOCKET, else the default (auto-started). */
    public Path socket() {
        if (socket != null) {
            return socket;
        }
        String env = System.getenv("JVIRT_SOCKET");
        return env != null && !env.isBlank() ? Path.of(env) : io.jvirt.daemon.DaemonConfig.defaultSocket();
    }

    /** True when the user chose neither an option nor the environment: the CLI may start a daemon itself. */
    public boolean isDefault() {
        String env = System.getenv("JVIRT_SOCKET");
        return socket == null && (env == null || env.isBlank());
    }
}
