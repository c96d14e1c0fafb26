package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * The host side of a character device (serial, parallel, console, channel, and the
 * passthrough of a smartcard or USB redirection): its {@code type} attribute with
 * {@code <source>} and {@code <protocol>} ({@link CharBackend}), and {@code <log>}.
 *
 * @param backend what the device is connected to
 * @param protocol the {@code <protocol type>}: the wire protocol of a tcp device (raw when not
 *     given); another type keeps the element it was given, which QEMU has no use for; or null
 * @param log the {@code <log>} element, or null
 */
public record CharSource(CharBackend backend, CharBackend.Protocol protocol, Log log) {

    /** Validates the combination and gives a tcp device libvirt's default protocol, raw. */
    public CharSource {
        Checks.required(backend, "The character device type");
        if (backend instanceof CharBackend.Tcp && protocol == null) {
            protocol = CharBackend.Protocol.RAW;
        }
    }

    /**
     * A source with the default protocol.
     *
     * @param backend what the device is connected to
     * @param log the {@code <log>} element, or null
     */
    public CharSource(CharBackend backend, Log log) {
        this(backend, null, log);
    }

    /**
     * A source without a log.
     *
     * @param backend what the device is connected to
     */
    public CharSource(CharBackend backend) {
        this(backend, null, null);
    }

    /** Returns the {@code type} attribute. */
    public Type type() {
        return backend.type();
    }

    /** Returns the file, device, pipe, socket or pty path of the backend, or null when it has none. */
    public String path() {
        return switch (backend) {
            case CharBackend.Pty p -> p.path();
            case CharBackend.Dev d -> d.path();
            case CharBackend.Pipe p -> p.path();
            case CharBackend.File f -> f.path();
            case CharBackend.Unix u -> u.path();
            case CharBackend.Null n -> null;
            case CharBackend.Vc v -> null;
            case CharBackend.Stdio s -> null;
            case CharBackend.SpiceVmc s -> null;
            case CharBackend.Tcp t -> null;
            case CharBackend.Udp u -> null;
            case CharBackend.SpicePort s -> null;
            case CharBackend.QemuVdagent q -> null;
            case CharBackend.Dbus d -> null;
        };
    }

    /**
     * Returns a copy with another backend and the same log.
     *
     * @param newBackend the backend
     * @return the copy
     */
    public CharSource withBackend(CharBackend newBackend) {
        return new CharSource(newBackend, protocol, log);
    }

    /** The {@code type} attribute, in libvirt's order. */
    public enum Type implements XmlEnum {
        /** Nothing. */
        NULL("null"),
        /** A virtual console of QEMU's user interface. */
        VC("vc"),
        /** A pseudo terminal. */
        PTY("pty"),
        /** A host character device. */
        DEV("dev"),
        /** Output appended to a file. */
        FILE("file"),
        /** A named pipe. */
        PIPE("pipe"),
        /** QEMU's standard input and output. */
        STDIO("stdio"),
        /** A UDP socket. */
        UDP("udp"),
        /** A TCP socket. */
        TCP("tcp"),
        /** A unix domain socket. */
        UNIX("unix"),
        /** A SPICE channel for an agent, smartcard or USB redirection. */
        SPICEVMC("spicevmc"),
        /** A named SPICE port. */
        SPICEPORT("spiceport"),
        /** QEMU's built-in SPICE agent. */
        QEMU_VDAGENT("qemu-vdagent"),
        /** A D-Bus display channel. */
        DBUS("dbus");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code mode} attribute of {@code <source>} for a socket. */
    public enum Mode implements XmlEnum {
        /** QEMU listens on the socket. */
        BIND("bind"),
        /** QEMU connects to a socket someone else listens on. */
        CONNECT("connect");

        private final String xml;

        Mode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <log>} element: a copy of everything the guest writes.
     *
     * @param file the log file path
     * @param append whether to append to an existing file, or null for the default (truncate)
     */
    public record Log(String file, Boolean append) {
        /** Validates the path. */
        public Log {
            Checks.required(file, "The character device log file");
            Checks.path(file, "The character device log file");
        }
    }
}
